# fan_plot.gp — one metric over time: for each variant a 5-95% band, a 25-75%
# band and the median line, the variants overlaid. Draws into the current
# terminal (a chart of its own or a dashboard panel); sets no terminal.
# Expects: m (the metric's key; the preamble defines dat_<m>, ylo_<m>,
# yhi_<m>, logy_<m>, ys_<m>, ylab_<m>, yt_<m>: tick list or ''), ptitle, parity (1: a dashed line at
# 1.0, parity with the cloud), and the common xscale, xmax, xlab, nvar,
# vname and bands (2: both bands, 1: the 25-75% band only, 0: medians only;
# the preamble thins them as variants grow, or they blend into one smudge).
# The scenario's dated events are drawn as markers (common.gp, events_on).

set title ptitle
set xlabel xlab
set xrange [0:xmax]
unset logscale y
unset label 1
unset arrow 1
eval(events_on)
if (!exists('dat_'.m)) {
    set yrange [0:1]
    set ytics format ''
    set label 1 'not in this results file' at graph 0.5, graph 0.5 center
    plot NaN notitle
} else {
    dat = value('dat_'.m)
    ys = value('ys_'.m)
    set ylabel value('ylab_'.m) offset ylabel_offset(value('ylab_'.m)), 0
    set yrange [value('ylo_'.m):value('yhi_'.m)]
    set ytics autofreq format '%g'
    if (value('logy_'.m)) { set logscale y }
    if (strlen(value('yt_'.m)) > 0) { eval('set ytics '.value('yt_'.m)) }
    if (parity) {
        set arrow 1 from graph 0, first 1 to graph 1, first 1 nohead dt 2 lw 2 lc rgb '#333333' front
    }
    plot for [i=1:(bands >= 2 ? nvar : 0)] dat index (i-1) using ($1/xscale):($2/ys):($6/ys) \
             with filledcurves fc rgb vcolor(i) fs transparent solid 0.13 noborder notitle, \
         for [i=1:(bands >= 1 ? nvar : 0)] dat index (i-1) using ($1/xscale):($3/ys):($5/ys) \
             with filledcurves fc rgb vcolor(i) fs transparent solid 0.28 noborder notitle, \
         for [i=1:nvar] dat index (i-1) using ($1/xscale):($4/ys) with linespoints \
             lc rgb vcolor(i) dt vdash(i) lw 2.5 pt vpt(i) pi vpi ps 1.2 title vname[i], \
         keyentry with filledcurves fc rgb '#777777' fs transparent solid 0.41 noborder \
             title (bands >= 1 ? '25-75% of paths' : ''), \
         keyentry with filledcurves fc rgb '#777777' fs transparent solid 0.13 noborder \
             title (bands >= 2 ? '5-95% of paths' : ''), \
         keyentry with lines dt 2 lw 2 lc rgb (parity ? '#333333' : '#ffffff') \
             title (parity ? 'parity with cloud (1.0)' : '')
}
