# hist.gp — the distribution over paths of one final value (or outcome), one
# box per variant in every bin, side by side. depinsim computes the bins (the
# same for every variant) and each variant's slice of a bin; this only draws.
# Expects: hdat (one block per variant: bin_lo bin_hi share count box_lo
# box_hi), ttl, hxlab, hxs (x divisor), hxlo, hxhi, hlogx, hxt (tick list
# or ''), hymax, and fmt, out, tpl, nvar, vname. (The title of a for-clause
# is read even when it has nothing to iterate: hence the guard on vname.)

reset
W = 1200; H = 800
load tpl.'/common.gp'
set title ttl
set xlabel hxlab
set ylabel 'share of paths'
set xrange [hxlo:hxhi]
set yrange [0:hymax]
set ytics format '%g'
if (hlogx) { set logscale x }
if (strlen(hxt) > 0) { eval('set xtics '.hxt) }
eval('set key '.chartkey)
set style fill solid 0.75 border
plot for [i=1:(nvar < 7 ? nvar : 7)] hdat index (i-1) \
         using (($5 + $6) / 2 / hxs):3:($5 / hxs):($6 / hxs):(0):3 with boxxyerror \
         fc rgb vcolor(i) lc rgb vcolor(i) lw 1 title vname[i], \
     for [j=1:(nvar > 7 ? nvar - 7 : 0)] hdat index (j+6) \
         using (($5 + $6) / 2 / hxs):3:($5 / hxs):($6 / hxs):(0):3 with boxxyerror \
         fs pattern vpat(j+7) border fc rgb vcolor(j+7) lc rgb vcolor(j+7) lw 1 \
         title (nvar > 7 ? vname[j+7] : '')
unset output
