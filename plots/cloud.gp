# cloud.gp — the network price against the cloud prices as a chart of its
# own (1200x800 px). Expects what cloud_plot.gp does, and fmt, out, tpl.

reset
W = 1200; H = 800
load tpl.'/common.gp'
cloudkey = keyat(cloudkeybelow, cloudkeycols)
netkey = 1
load tpl.'/cloud_plot.gp'
unset output
