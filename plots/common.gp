# common.gp — what every depinsim chart shares: the terminal for the output
# format and size, the variant colours (Okabe-Ito, safe for colour-blind
# readers), fonts and grid. Loaded by the chart templates after `reset`.
# Expects: fmt ('png' | 'svg' | 'pdf'), out (the file), W and H (pixels).

if (fmt eq 'svg') {
    set terminal svg size W,H fixed font 'Sans,12' noenhanced background rgb 'white'
} else { if (fmt eq 'pdf') {
    # pdfcairo sizes are inches: 100 px to the inch keeps the png proportions
    set terminal pdfcairo size (W/100.0),(H/100.0) font 'Sans,10' noenhanced
} else { if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
    set terminal pngcairo size W,H font 'Sans,12' noenhanced background rgb 'white'
} else {
    # libgd png: truecolor for the transparent bands
    set terminal png size W,H truecolor noenhanced font 'Sans,12'
}}}
set output out
set encoding utf8

# Okabe & Ito (2008) without its black, which the cloud prices and the parity
# line use: blue, orange, bluish green, vermillion, reddish purple, sky blue,
# yellow (last: weak on white). Variant i gets vcolor(i).
array okabe_ito[7] = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', \
                      '#F0E442']
vcolor(i) = okabe_ito[(i - 1) % 7 + 1]
# The first variant's median is solid, the others dashed: under common random
# numbers variants often coincide for a while, and a dashed line over a solid
# one shows both. Colours repeat every 7, dashes every 6: 42 distinct lines.
set dashtype 11 (10, 5)
set dashtype 12 (3, 4)
set dashtype 13 (12, 4, 3, 4)
set dashtype 14 (6, 3)
set dashtype 15 (12, 4, 3, 4, 3, 4)
array dashes[6] = [1, 11, 12, 13, 14, 15]
vdash(i) = dashes[(i - 1) % 6 + 1]
# lines that coincide in one style (income, cost) narrow variant by variant
vwidth(i) = i > 3 ? 1.5 : 3.5 - 0.8 * (i - 1)
# Past seven variants the colours repeat: then every variant's line also
# carries marks (vmarks, one every vpi records) of its own point type, ten
# kinds: with the colours and dashes, 210 lines no two alike. Type -1 is no
# mark. Histogram boxes past the seventh are hatched instead (not pattern 3:
# solid, as the first seven are).
if (!exists('vmarks')) { vmarks = 0; vpi = 1 }
array ptypes[10] = [7, 5, 9, 11, 13, 4, 6, 8, 10, 12]
vpt(i) = vmarks ? ptypes[(i - 1) % 10 + 1] : -1
array hatches[6] = [4, 5, 6, 7, 1, 2]
vpat(i) = hatches[(i - 8) % 6 + 1]
# A chart's key: at the right while the labels are short and few, else below
# the plot in keycols columns (plot_style.c decides from the labels' widths).
if (!exists('keybelow')) { keybelow = 0; keycols = 1; cloudkeybelow = 0; cloudkeycols = 1 }
keyat(below, cols) = below ? sprintf('outside bottom center horizontal reverse Left ' . \
    'samplen 2.5 spacing 1.2 maxcols %d', cols) : \
    'outside right top vertical reverse Left samplen 2.5 spacing 1.3'
chartkey = keyat(keybelow, keycols)
# A y label in two lines moves left by ylshift characters, off the tick
# labels, where the margin is fixed (the dashboard's panels); 0 elsewhere.
ylshift = 0
ylabel_offset(l) = strstrt(l, "\n") > 0 ? ylshift : 0

set datafile missing NaN
set border 3 lw 1 lc rgb '#444444'
tics_style = "set tics nomirror out scale 0.6 textcolor rgb '#222222'"
eval(tics_style)

# Dated events (the scenario's `events:`; the preamble's nev, evday[] in days
# and evname[]): a dotted vertical line and its label on a time axis. A chart
# template runs eval(events_on) before it plots, after its own xrange.
events_on = "do for [k = 1:nev] { " . \
    "set arrow (100 + k) from first evday[k] / xscale, graph 0 to first evday[k] / xscale, " . \
    "graph 1 nohead back dt 3 lw 1.5 lc rgb '#555555'; " . \
    "set label (100 + k) evname[k] at first evday[k] / xscale, graph 0.02 left " . \
    "rotate by 90 offset -0.5, 0 font ',9' textcolor rgb '#555555' back }"
if (!exists('nev')) { nev = 0 }
set grid xtics ytics lw 1 lc rgb '#e4e4e4'
set key noautotitle
set title font ',14'
