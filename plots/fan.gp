# fan.gp — a fan chart of one metric as a chart of its own (1200x800 px).
# Expects what fan_plot.gp does, and fmt, out, tpl (this folder).

reset
W = 1200; H = 800
load tpl.'/common.gp'
eval('set key '.chartkey)
load tpl.'/fan_plot.gp'
unset output
