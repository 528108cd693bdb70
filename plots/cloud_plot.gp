# cloud_plot.gp — the network's price against the AWS-style cloud prices: the
# network price per variant (median and 25-75% band) and the cloud on-demand,
# spot, reserved 1-year and 3-year medians (exogenous, so the first variant's
# stand for all). Draws into the current terminal; the axis leaves headroom
# for an inside key at the top. Expects: ptitle, cloudkey (a `set key`
# argument), netkey (1: the network lines in the key too; a dashboard has
# the variants in its page legend), bands (0: no band), and from the preamble dat_network_price and the
# four dat_cloud_*, and the axis ylo_cloudvs, yhi_cloudvs, logy_cloudvs,
# ys_cloudvs, ylab_cloudvs, yt_cloudvs (defined only when all five metrics are there).

set title ptitle
set xlabel xlab
set xrange [0:xmax]
unset logscale y
unset label 1
unset arrow 1
eval(events_on)
if (!exists('ylo_cloudvs')) {
    set yrange [0:1]
    set ytics format ''
    set label 1 'not in this results file' at graph 0.5, graph 0.5 center
    plot NaN notitle
} else {
    ys = ys_cloudvs
    set ylabel ylab_cloudvs
    set yrange [ylo_cloudvs:yhi_cloudvs]
    set ytics autofreq format '%g'
    if (logy_cloudvs) { set logscale y }
    if (strlen(yt_cloudvs) > 0) { eval('set ytics '.yt_cloudvs) }
    set key default
    eval('set key '.cloudkey)
    plot for [i=1:(bands >= 1 ? nvar : 0)] dat_network_price index (i-1) \
             using ($1/xscale):($3/ys):($5/ys) \
             with filledcurves fc rgb vcolor(i) fs transparent solid 0.25 noborder notitle, \
         for [i=1:nvar] dat_network_price index (i-1) using ($1/xscale):($4/ys) with lines \
             lc rgb vcolor(i) dt vdash(i) lw 2.5 title (netkey ? 'network: '.vname[i] : ''), \
         dat_cloud_on_demand index 0 using ($1/xscale):($4/ys) with lines \
             lc rgb '#222222' lw 2 dt 1 title 'cloud on-demand', \
         dat_cloud_spot index 0 using ($1/xscale):($4/ys) with lines \
             lc rgb '#222222' lw 2 dt 2 title 'cloud spot', \
         dat_cloud_reserved_1y index 0 using ($1/xscale):($4/ys) with lines \
             lc rgb '#777777' lw 2 dt 4 title 'cloud reserved 1y', \
         dat_cloud_reserved_3y index 0 using ($1/xscale):($4/ys) with lines \
             lc rgb '#777777' lw 2 dt 3 title 'cloud reserved 3y'
}
