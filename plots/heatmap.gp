# heatmap.gp — a two-axis sweep as a grid of cells, one per sweep point,
# coloured by a value (a final median or a probability) and labelled with it.
# depinsim writes the cells and the tick labels; this only draws.
# Expects: hmdat (rows: ix iy value label_colour), xl[nx], yl[ny] (tick
# labels), nx, ny, ttl, xlab, ylab, cblab, cblo, cbhi (cbhi <= cblo: auto),
# and fmt, out, tpl.

reset
W = 1100; H = 850
load tpl.'/common.gp'
set title ttl
set xlabel xlab
set ylabel ylab
set cblabel cblab
set xrange [-0.5:nx - 0.5]
set yrange [-0.5:ny - 0.5]
set xtics ()
do for [i=1:nx] { set xtics add (xl[i] (i - 1)) }
set ytics ()
do for [i=1:ny] { set ytics add (yl[i] (i - 1)) }
unset grid
set tics scale 0
if (cbhi > cblo) { set cbrange [cblo:cbhi] }
# a light-to-dark blue scale: equal steps of value read as equal steps of ink
set palette defined (0 '#f7fbff', 0.25 '#c6dbef', 0.5 '#6baed6', 0.75 '#2171b5', 1 '#08306b')
plot hmdat using 1:2:3 with image, \
     hmdat using 1:2:(sprintf('%.3g', $3)):4 with labels textcolor rgb variable font ',11'
unset output
