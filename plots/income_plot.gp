# income_plot.gp — what providers earn against what they spend, all
# providers together: the median provider_income (solid) and provider_cost
# (dashed) of each variant, the first variant widest. Draws into the current
# terminal; the axis leaves headroom for an inside key at the top. Expects: ptitle,
# incomekey (a `set key` argument), and from the preamble dat_provider_income,
# dat_provider_cost and the axis ylo_incomecost, yhi_incomecost,
# logy_incomecost, ys_incomecost, ylab_incomecost, yt_incomecost (defined only when both
# metrics are there).

set title ptitle
set xlabel xlab
set xrange [0:xmax]
unset logscale y
unset label 1
unset arrow 1
eval(events_on)
if (!exists('ylo_incomecost')) {
    set yrange [0:1]
    set ytics format ''
    set label 1 'not in this results file' at graph 0.5, graph 0.5 center
    plot NaN notitle
} else {
    ys = ys_incomecost
    set ylabel ylab_incomecost offset ylabel_offset(ylab_incomecost), 0
    set yrange [ylo_incomecost:yhi_incomecost]
    set ytics autofreq format '%g'
    if (logy_incomecost) { set logscale y }
    if (strlen(yt_incomecost) > 0) { eval('set ytics '.yt_incomecost) }
    set key default
    eval('set key '.incomekey)
    plot for [i=1:nvar] dat_provider_income index (i-1) using ($1/xscale):($4/ys) \
             with linespoints lc rgb vcolor(i) dt 1 lw vwidth(i) pt vpt(i) pi vpi notitle, \
         for [i=1:nvar] dat_provider_cost index (i-1) using ($1/xscale):($4/ys) \
             with linespoints lc rgb vcolor(i) dt 2 lw vwidth(i) pt vpt(i) pi vpi notitle, \
         keyentry with lines lc rgb '#333333' dt 1 lw 2.5 title 'income (median)', \
         keyentry with lines lc rgb '#333333' dt 2 lw 2 title 'cost (median)'
}
