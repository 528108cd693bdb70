# cloud.gp — the network price against the cloud prices as a chart of its
# own (1200x800 px). Expects what cloud_plot.gp does, and fmt, out, tpl.

reset
W = 1200; H = 800
load tpl.'/common.gp'
cloudkey = 'outside right top vertical reverse Left samplen 2.5 spacing 1.3'
netkey = 1
load tpl.'/cloud_plot.gp'
unset output
