/* manpage.c — depinsim(1) in troff (the man macros), made from what the
 * program already says: main's description and exit status, each command's
 * --help text and the key table's reference. The --help texts are plain
 * text laid out for a terminal; this reads their layout back: a paragraph of
 * unindented lines is filled, indented lines of "tag  description" become
 * tagged paragraphs, and anything else stays as laid out. CMake writes the
 * page at build time with `depinsim --man`; nothing here is written twice. */
#include "cli.h"

#include <string.h>

#include "../io/scenario.h"

/* The decoded code point of the UTF-8 sequence at p, its length in *len
 * (1 for a byte that is not UTF-8, shown as U+FFFD). */
static unsigned utf8_next(const unsigned char *p, int *len)
{
    if (p[0] < 0x80) return *len = 1, p[0];
    int n = (p[0] & 0xe0) == 0xc0 ? 2 : (p[0] & 0xf0) == 0xe0 ? 3 : (p[0] & 0xf8) == 0xf0 ? 4 : 0;
    unsigned cp = n == 2 ? p[0] & 0x1fu : n == 3 ? p[0] & 0x0fu : p[0] & 0x07u;
    for (int i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80) n = 0;
        if (!n) break;
        cp = cp << 6 | (p[i] & 0x3fu);
    }
    if (!n) return *len = 1, 0xfffd;
    return *len = n, cp;
}

/* Text for troff: a backslash as \e, a hyphen-minus as \- (an option must
 * copy as the character the shell wants, not a typographic hyphen), anything
 * past ASCII as \[uXXXX] (no input encoding to agree on), and a control word
 * at a line start ('.' or '\'') made text with \&. */
static void man_text(FILE *o, const char *s, size_t n, int line_start)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    if (line_start && p < end && (*p == '.' || *p == '\'')) fputs("\\&", o);
    while (p < end && *p) {
        int len;
        unsigned cp = utf8_next(p, &len);
        if (cp == '\\')
            fputs("\\e", o);
        else if (cp == '-')
            fputs("\\-", o);
        else if (cp >= 0x80)
            fprintf(o, "\\[u%04X]", cp);
        else if (cp >= 0x20 && cp != 0x7f)
            fputc((int)cp, o);
        p += len;
    }
}

static void man_line(FILE *o, const char *s)
{
    man_text(o, s, strlen(s), 1);
    fputc('\n', o);
}

/* ---------------------------------------------------------------- --help texts */

typedef struct {
    const char *s[64]; /* the lines of one block (no line break) */
    size_t len[64];
    int n;
} block;

static int indent_of(const char *s, size_t n)
{
    int i = 0;
    while ((size_t)i < n && s[i] == ' ') i++;
    return i;
}

/* Where the tag of "  -o, --output FILE     results ..." ends: the first run
 * of two spaces or more after the indentation (n when there is none). */
static size_t tag_end(const char *s, size_t n, size_t from)
{
    for (size_t i = from; i + 1 < n; i++)
        if (s[i] == ' ' && s[i + 1] == ' ') return i;
    return n;
}

/* Where the descriptions of an indented block start: the column most of its
 * entries agree on (0 when none has a gap). */
static size_t desc_column(const block *b)
{
    size_t best = 0;
    int best_votes = 0;
    for (int i = 0; i < b->n; i++) {
        size_t in = (size_t)indent_of(b->s[i], b->len[i]), te = tag_end(b->s[i], b->len[i], in);
        if (in >= 10 || te == b->len[i]) continue;
        while (te < b->len[i] && b->s[i][te] == ' ') te++;
        int votes = 0;
        for (int j = 0; j < b->n; j++) {
            size_t jn = (size_t)indent_of(b->s[j], b->len[j]);
            size_t je = tag_end(b->s[j], b->len[j], jn);
            while (je < b->len[j] && b->s[j][je] == ' ') je++;
            votes += je == te;
        }
        if (votes > best_votes) best = te, best_votes = votes;
    }
    return best;
}

/* An indented block as tagged paragraphs: a line indented less than 10
 * starts an entry (tag, then its description), deeper lines continue it. A
 * tag as long as its column ("--max-memory SIZE refuse ...") is cut where
 * the other descriptions start. */
static void man_entries(FILE *o, const block *b)
{
    size_t col = desc_column(b);
    for (int i = 0; i < b->n; i++) {
        const char *s = b->s[i];
        size_t n = b->len[i], in = (size_t)indent_of(s, n);
        if (in >= 10 && i > 0) { /* continues the description above */
            man_text(o, s + in, n - in, 1);
            fputc('\n', o);
            continue;
        }
        size_t te = tag_end(s, n, in), ds = te;
        if (col > in + 1 && te > col && col < n && s[col - 1] == ' ' && s[col] != ' ')
            te = col - 1; /* the tag filled its column */
        ds = te;
        while (ds < n && s[ds] == ' ') ds++;
        fputs(".TP\n\\fB", o);
        man_text(o, s + in, te - in, 0);
        fputs("\\fR\n", o);
        if (ds < n) {
            man_text(o, s + ds, n - ds, 1);
            fputc('\n', o);
        }
    }
}

static void man_block(FILE *o, const block *b)
{
    int indented = 0, gaps = 0;
    for (int i = 0; i < b->n; i++) {
        int in = indent_of(b->s[i], b->len[i]);
        indented += in > 0;
        gaps += tag_end(b->s[i], b->len[i], (size_t)in) < b->len[i];
    }
    if (indented == b->n) { /* options, files, columns */
        man_entries(o, b);
        fputs(".PP\n", o);
        return;
    }
    if (indented == 0 && gaps == 0) { /* prose: troff fills it */
        fputs(".PP\n", o);
        for (int i = 0; i < b->n; i++) {
            man_text(o, b->s[i], b->len[i], 1);
            fputc('\n', o);
        }
        return;
    }
    fputs(".PP\n.nf\n", o); /* laid out by hand: kept as it is */
    for (int i = 0; i < b->n; i++) {
        man_text(o, b->s[i], b->len[i], 1);
        fputc('\n', o);
    }
    fputs(".fi\n", o);
}

/* Calls fn on each blank-line-separated block of text. */
static void each_block(FILE *o, const char *text, int skip_first, void (*fn)(FILE *, const block *))
{
    block b = {.n = 0};
    int index = 0;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n == 0) {
            if (b.n && !(skip_first && index == 0)) fn(o, &b);
            if (b.n) index++;
            b.n = 0;
        } else if (b.n < 64) {
            b.s[b.n] = p;
            b.len[b.n++] = n;
        }
        p += n + (nl != NULL);
    }
    if (b.n && !(skip_first && index == 0)) fn(o, &b);
}

/* "usage: depinsim run SCENARIO.yaml [options]" → "run SCENARIO.yaml [options]" */
static const char *synopsis_of(const char *usage, size_t *n)
{
    const char *s = usage;
    static const char prefix[] = "usage: depinsim ";
    if (!strncmp(s, prefix, sizeof prefix - 1)) s += sizeof prefix - 1;
    const char *nl = strchr(s, '\n');
    *n = nl ? (size_t)(nl - s) : strlen(s);
    return s;
}

/* ---------------------------------------------------------------- the key table */

static void man_keys(FILE *o)
{
    fputs(
        ".SH SCENARIO KEYS\n"
        ".PP\n"
        "A scenario is a YAML file of the keys below, in nested mappings\n"
        "(\\fBrun:\\fR then \\fBpaths: 256\\fR); variants and \\fB\\-\\-set\\fR name a key by its\n"
        "dotted path (\\fBrun.paths\\fR), a list item by its index\n"
        "(\\fBhardware.0.share\\fR). A key left out takes its default.\n"
        "\\fBdepinsim keys\\fR prints the same reference as markdown;\n"
        "\\fBdepinsim new\\fR writes a file with every key.\n",
        o);
    char sec[64] = "-";
    for (int k = 0; k < scenario_key_count(); k++) {
        ds_key_doc d;
        scenario_key_doc(k, 0, &d);
        if (strcmp(d.section, sec)) {
            snprintf(sec, sizeof sec, "%s", d.section);
            fputs(".SS ", o);
            if (!*sec) {
                fputs("Top level\n", o);
            } else if (d.list) {
                fputc('"', o);
                man_text(o, sec, strlen(sec), 0);
                fprintf(o, ": a list of %.0f to %.0f items%s\"\n", d.lo, d.hi,
                        d.required ? ", required" : "");
                fputs(".PP\n", o);
                man_text(o, d.doc, strlen(d.doc), 1);
                fputs("; each item is a mapping of the keys below (\\fBN\\fR is the\n"
                      "0\\-based item index).\n",
                      o);
            } else {
                man_line(o, sec);
            }
        }
        if (d.list) continue;
        fputs(".TP\n\\fB", o);
        man_text(o, d.path, strlen(d.path), 0);
        fputs("\\fR\n", o);
        char line[sizeof d.range + 256];
        snprintf(line, sizeof line, "%s%s%s; %s%s; %s.", d.type, *d.unit ? ", " : "", d.unit,
                 d.required ? "" : "default ", d.def, d.range);
        man_line(o, line);
        fputs(".br\n", o);
        man_line(o, d.doc);
    }
}

/* ---------------------------------------------------------------- the page */

void cli_manpage(FILE *out, const cli_command *cmds, int n, const char *description,
                 const char *exit_status)
{
    fprintf(out,
            ".\\\" depinsim.1: written by `depinsim --man` from the program's own help\n"
            ".\\\" texts and key table. Do not edit: change the program.\n"
            ".TH DEPINSIM 1 \"\" \"depinsim %s\" \"User Commands\"\n"
            ".nh\n" /* no hyphens: options and key names are copied, not read */
            ".SH NAME\n"
            "depinsim \\- ",
            DS_VERSION);
    size_t dl = strcspn(description, ".\n");
    man_text(out, description, dl, 0);
    fputs("\n.SH SYNOPSIS\n", out);
    for (int i = 0; i < n; i++) {
        size_t len;
        const char *syn = synopsis_of(cmds[i].usage, &len);
        fputs(i ? ".br\n\\fBdepinsim\\fR " : ".ad l\n\\fBdepinsim\\fR ", out);
        man_text(out, syn, len, 0);
        fputc('\n', out);
    }
    fputs(".br\n\\fBdepinsim \\-\\-help\\fR | \\fB\\-\\-version\\fR | \\fB\\-\\-man\\fR\n"
          ".ad\n.SH DESCRIPTION\n",
          out);
    each_block(out, description, 0, man_block);
    fputs(".PP\n", out);
    for (int i = 0; i < n; i++) {
        fputs(".TP\n\\fB", out);
        man_text(out, cmds[i].name, strlen(cmds[i].name), 0);
        fputs("\\fR\n", out);
        man_line(out, cmds[i].summary);
    }
    fputs(".SH COMMANDS\n", out);
    for (int i = 0; i < n; i++) {
        size_t len;
        const char *syn = synopsis_of(cmds[i].usage, &len);
        fputs(".SS \"depinsim ", out);
        man_text(out, cmds[i].name, strlen(cmds[i].name), 0);
        fputs("\"\n.PP\n\\fBdepinsim\\fR ", out);
        man_text(out, syn, len, 0);
        fputc('\n', out);
        each_block(out, cmds[i].usage, 1, man_block);
    }
    man_keys(out);
    fputs(".SH EXIT STATUS\n", out);
    const char *es = exit_status;
    if (!strncmp(es, "exit status: ", 13)) es += 13;
    each_block(out, es, 0, man_block);
    fputs(".SH ENVIRONMENT\n"
          ".TP\n\\fBDEPINSIM_GNUPLOT\\fR\n"
          "the gnuplot program \\fBplot\\fR runs (default: \\fBgnuplot\\fR on \\fBPATH\\fR)\n"
          ".TP\n\\fBDEPINSIM_PLOTS\\fR\n"
          "the folder of the gnuplot templates (default: below)\n"
          ".TP\n\\fBTMPDIR\\fR\n"
          "where \\fBplot\\fR makes its private working folder (default: /tmp)\n"
          ".SH FILES\n"
          ".TP\n\\fIPREFIX\\fB/share/depinsim/plots/\\fR\n"
          "the gnuplot templates, found beside the program (\\fIPREFIX\\fB/bin/depinsim\\fR);\n"
          "a program run from its build folder uses the source tree's \\fBplots/\\fR\n"
          ".TP\n\\fIPREFIX\\fB/share/depinsim/scenarios/\\fR\n"
          "the example scenarios, cited and ready to run; \\fBdepinsim new FILE.yaml\n"
          "\\-\\-from\\fR \\fINAME\\fR starts from one of them\n"
          ".SH SEE ALSO\n"
          ".BR gnuplot (1),\n"
          ".BR h5dump (1)\n",
          out);
}
