# cloud_plot.gp — the network's price against the AWS-style cloud prices: the
# network price per variant (median and 25-75% band) and the cloud on-demand,
# spot, reserved 1-year and 3-year medians. When every variant has the same
# cloud prices (ncg = 1) they are drawn once, black and grey; when variants
# differ (a dated cut of their own, another decline), each group of variants
# with the same cloud prices gets its own, thin, in the colour of its first
# variant, the series told apart by dash (cloudall = 0: on-demand only, the
# price a cut moves). Draws into the current terminal; the axis leaves
# headroom for an inside key at the top. Expects: ptitle, cloudkey (a `set
# key` argument), netkey (1: the network lines in the key too, by variant
# name: the title says they are the network's; a dashboard has the variants
# in its page legend), bands (0: no band), ncg, cloudall,
# cgv[] and cgname[] (plot_style.c), and from the preamble dat_network_price
# and the four dat_cloud_*, and the axis ylo_cloudvs, yhi_cloudvs,
# logy_cloudvs, ys_cloudvs, ylab_cloudvs, yt_cloudvs (defined only when all
# five metrics are there).

set title ptitle
set xlabel xlab
set xrange [0:xmax]
unset logscale y
unset label 1
unset arrow 1
eval(events_on)
if (!exists('ncg')) { ncg = 1; cloudall = 1 }
if (!exists('ylo_cloudvs')) {
    set yrange [0:1]
    set ytics format ''
    set label 1 'not in this results file' at graph 0.5, graph 0.5 center
    plot NaN notitle
} else {
    ys = ys_cloudvs
    set ylabel ylab_cloudvs offset ylabel_offset(ylab_cloudvs), 0
    set yrange [ylo_cloudvs:yhi_cloudvs]
    set ytics autofreq format '%g'
    if (logy_cloudvs) { set logscale y }
    if (strlen(yt_cloudvs) > 0) { eval('set ytics '.yt_cloudvs) }
    set key default
    eval('set key '.cloudkey)
    if (ncg <= 1) {
        plot for [i=1:(bands >= 1 ? nvar : 0)] dat_network_price index (i-1) \
                 using ($1/xscale):($3/ys):($5/ys) \
                 with filledcurves fc rgb vcolor(i) fs transparent solid 0.25 noborder notitle, \
             for [i=1:nvar] dat_network_price index (i-1) using ($1/xscale):($4/ys) \
                 with linespoints lc rgb vcolor(i) dt vdash(i) lw 2.5 pt vpt(i) pi vpi ps 1.2 \
                 title (netkey ? vname[i] : ''), \
             dat_cloud_on_demand index 0 using ($1/xscale):($4/ys) with lines \
                 lc rgb '#222222' lw 2 dt 1 title 'cloud on-demand', \
             dat_cloud_spot index 0 using ($1/xscale):($4/ys) with lines \
                 lc rgb '#222222' lw 2 dt 2 title 'cloud spot', \
             dat_cloud_reserved_1y index 0 using ($1/xscale):($4/ys) with lines \
                 lc rgb '#777777' lw 2 dt 4 title 'cloud reserved 1y', \
             dat_cloud_reserved_3y index 0 using ($1/xscale):($4/ys) with lines \
                 lc rgb '#777777' lw 2 dt 3 title 'cloud reserved 3y'
    } else {
        # the network thick, the cloud thin: a network line and its cloud
        # share a colour, so thickness says which is which
        plot for [i=1:(bands >= 1 ? nvar : 0)] dat_network_price index (i-1) \
                 using ($1/xscale):($3/ys):($5/ys) \
                 with filledcurves fc rgb vcolor(i) fs transparent solid 0.2 noborder notitle, \
             for [i=1:nvar] dat_network_price index (i-1) using ($1/xscale):($4/ys) \
                 with linespoints lc rgb vcolor(i) dt vdash(i) lw 3 pt vpt(i) pi vpi ps 1.2 \
                 title (netkey ? vname[i] : ''), \
             for [g=1:ncg] dat_cloud_on_demand index (cgv[g]-1) using ($1/xscale):($4/ys) \
                 with lines lc rgb vcolor(cgv[g]) lw 1.3 dt 1 title (netkey ? cgname[g] : ''), \
             for [g=1:(cloudall ? ncg : 0)] dat_cloud_spot index (cgv[g]-1) \
                 using ($1/xscale):($4/ys) with lines lc rgb vcolor(cgv[g]) lw 1.3 dt 2 notitle, \
             for [g=1:(cloudall ? ncg : 0)] dat_cloud_reserved_1y index (cgv[g]-1) \
                 using ($1/xscale):($4/ys) with lines lc rgb vcolor(cgv[g]) lw 1.3 dt 4 notitle, \
             for [g=1:(cloudall ? ncg : 0)] dat_cloud_reserved_3y index (cgv[g]-1) \
                 using ($1/xscale):($4/ys) with lines lc rgb vcolor(cgv[g]) lw 1.3 dt 3 notitle, \
             keyentry with lines lc rgb '#555555' lw 1.3 dt 1 title 'cloud on-demand', \
             keyentry with lines lc rgb '#555555' lw 1.3 dt 2 title (cloudall ? 'cloud spot' : ''), \
             keyentry with lines lc rgb '#555555' lw 1.3 dt 4 \
                 title (cloudall ? 'cloud reserved 1y' : ''), \
             keyentry with lines lc rgb '#555555' lw 1.3 dt 3 \
                 title (cloudall ? 'cloud reserved 3y' : '')
    }
}
