# sensitivity.gp — the indices of one output of a sensitivity analysis as
# horizontal bars, one row per factor, the most influential at the top, with
# their bootstrap intervals: Sobol first-order and total indices side by side,
# Morris mu* (and sigma), or a Latin hypercube's rank correlations (signed).
# Expects: sdat (rows: position v1 lo1 hi1 v2 lo2 hi2), fl[nf] (factor
# labels, fl[1] at the bottom), nf, two (1: a second series), s1name, s2name,
# ttl, xlab, and fmt, out, tpl.

reset
W = 1100; H = 220 + 55 * nf
load tpl.'/common.gp'
set title ttl
set xlabel xlab
set yrange [0.4:nf + 0.6]
set ytics ()
do for [i=1:nf] { set ytics add (fl[i] i) }
set grid xtics noytics
set xzeroaxis lt 1 lc rgb '#444444'
set key outside top center horizontal
set style fill solid 0.85 border lc rgb '#333333'
bh = two ? 0.17 : 0.3
o1 = two ? 0.19 : 0.0
lo0(v) = v < 0 ? v : 0
hi0(v) = v < 0 ? 0 : v
if (two) {
    plot sdat using (($2)/2):($1+o1):(lo0($2)):(hi0($2)):($1+o1-bh):($1+o1+bh) with boxxyerror \
             fc rgb okabe_ito[1] title s1name, \
         sdat using 2:($1+o1):3:4 with xerrorbars lc rgb '#222222' pt 7 ps 0.4 notitle, \
         sdat using (($5)/2):($1-o1):(lo0($5)):(hi0($5)):($1-o1-bh):($1-o1+bh) with boxxyerror \
             fc rgb okabe_ito[2] title s2name, \
         sdat using 5:($1-o1):6:7 with xerrorbars lc rgb '#222222' pt 7 ps 0.4 notitle
} else {
    plot sdat using (($2)/2):1:(lo0($2)):(hi0($2)):($1-bh):($1+bh) with boxxyerror \
             fc rgb okabe_ito[1] title s1name, \
         sdat using 2:1:3:4 with xerrorbars lc rgb '#222222' pt 7 ps 0.4 notitle
}
unset output
