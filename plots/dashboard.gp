# dashboard.gp — one page per results file (1800x1100 px): six panels of the
# quantities a reader looks at first, under one legend of the variants:
#   token price            | active providers | network price vs cloud
#   subsidy-adjusted ratio | utilization      | provider income vs cost
# Panels are placed by their margins, not `multiplot layout`, so the legend
# can have a strip of the full page width (long sweep names fit in columns).
# Expects: ttl, fmt, out, tpl, and the preamble's per-metric variables.

reset
W = 1800; H = 1100
load tpl.'/common.gp'
ylshift = -1.3
set multiplot title ttl font ',17'

# the legend strip: an empty plot whose key lists the variants and bands, as
# many rows high as the labels need (legrows of legcols, plot_style.c) under
# a title of ttl_lines lines; the panels take the height left
if (!exists('legrows')) { legrows = 2; legcols = 4; ttl_lines = 1 }
ltop = 0.985 - 0.03 * ttl_lines
lh = 0.019 * legrows + 0.014
set lmargin at screen 0.02; set rmargin at screen 0.98
set tmargin at screen ltop; set bmargin at screen (ltop - lh)
unset border; unset xtics; unset ytics; unset grid; set xrange [0:1]; set yrange [0:1]
set key at screen 0.5, screen (ltop - lh / 2) center center horizontal reverse Left samplen 3 \
    spacing 1.1 width 1 box lc rgb '#cccccc' maxcols legcols
plot NaN notitle, \
     for [i=1:nvar] keyentry with linespoints lc rgb vcolor(i) dt vdash(i) lw 2.5 pt vpt(i) \
         title vname[i], \
     keyentry with filledcurves fc rgb '#777777' fs transparent solid 0.41 noborder \
         title (bands >= 1 ? '25-75% of paths' : ''), \
     keyentry with filledcurves fc rgb '#777777' fs transparent solid 0.13 noborder \
         title (bands >= 2 ? '5-95% of paths' : '')
unset key
set border 3; set xtics; set ytics; set grid
eval(tics_style)

# panel row r (0 top), column c (0 left); the rows share what the title and
# legend leave, above the bottom row's axis labels
px0 = 0.055; pw = 0.26; pdx = 0.075
py1 = ltop - lh - 0.055; pdy = 0.12; ph = (py1 - 0.09 - pdy) / 2
panel = 'set lmargin at screen (px0 + pc * (pw + pdx)); ' . \
        'set rmargin at screen (px0 + pc * (pw + pdx) + pw); ' . \
        'set tmargin at screen (py1 - pr * (ph + pdy)); ' . \
        'set bmargin at screen (py1 - pr * (ph + pdy) - ph)'
set title font ',13'

pr = 0; pc = 0; eval(panel)
m = 'token_price'; parity = 0; ptitle = 'token price'
load tpl.'/fan_plot.gp'

pc = 1; eval(panel)
m = 'active_providers'; ptitle = 'active providers'
load tpl.'/fan_plot.gp'

pc = 2; eval(panel)
cloudkey = 'inside top right horizontal maxrows 2 reverse Left samplen 2 spacing 1'
netkey = 0
ptitle = (exists('ncg') && ncg > 1) ? 'network price vs each variant''s cloud (thin)' \
    : 'network price vs cloud (black, grey), medians'
load tpl.'/cloud_plot.gp'
unset key

pr = 1; pc = 0; eval(panel)
m = 'subsidy_adjusted_ratio'; parity = 1
ptitle = 'subsidy-adjusted price ratio (< 1: cheaper than cloud)'
load tpl.'/fan_plot.gp'

pc = 1; eval(panel)
m = 'utilization'; parity = 0; ptitle = 'utilization'
load tpl.'/fan_plot.gp'

pc = 2; eval(panel)
incomekey = 'inside top right horizontal reverse Left samplen 2 spacing 1'
ptitle = 'provider income vs cost, all providers'
load tpl.'/income_plot.gp'

unset multiplot
unset output
