/* cli.c — what the commands share: printing errors (one prefix, every string
 * escaped), usage errors, getopt's state and messages, and parsing numbers,
 * sizes and lists from argv. Numbers on the command line are plain decimal:
 * no sign, no spaces, no hex. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/results.h"

#define CLI_PREFIX "depinsim: "

int errors_report(ds_errors *errs, int rc)
{
    for (int i = 0; i < errs->n; i++) {
        const ds_error *it = &errs->items[i];
        ds_errors one = {(ds_error *)it, 1, 1, errs->kind};
        if (!it->note && it->line <= 0) fputs(CLI_PREFIX, stderr);
        errors_print(&one, stderr);
    }
    if (rc != DS_OK && errs->n == 0) /* the record itself could not grow */
        fputs(CLI_PREFIX "failed, and out of memory to say why\n", stderr);
    errors_free(errs);
    return rc;
}

int usage_error(const char *usage, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fputs(CLI_PREFIX, stderr);
    errors_put_text(stderr, msg);
    fprintf(stderr, "\n\n%s", usage);
    return DS_EINPUT;
}

void getopt_reset(void)
{
#ifdef __GLIBC__
    optind = 0; /* glibc resets fully on 0 */
#else
    optind = 1;
#endif
    opterr = 0;
}

int bad_option(const char *usage, int c, char **argv)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "?";
    if (c == ':') return usage_error(usage, "%s: %s needs a value", argv[0], arg);
    if (optopt && optopt != '?')
        return usage_error(usage, "%s: unknown option -%c", argv[0], optopt);
    return usage_error(usage, "%s: unknown option '%s'", argv[0], arg);
}

int wants_help(int argc, char **argv, const char *usage)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--")) break;
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("%s", usage);
            return 1;
        }
    }
    return 0;
}

/* Decimal digits only: strtol alone takes " 16", "+16" (and strtod "0x10",
 * "inf"), which no user means. */
static size_t decimal_digits(const char *s)
{
    size_t n = 0;
    while (s[n] >= '0' && s[n] <= '9') n++;
    return n;
}

int parse_word(const char *arg, const char *const *words, int *out)
{
    for (int i = 0; words[i]; i++)
        if (!strcmp(arg, words[i])) {
            *out = i;
            return 0;
        }
    return -1;
}

int parse_long(const char *s, long lo, long hi, long *out)
{
    size_t n = decimal_digits(s);
    if (n == 0 || s[n] || n > 18) return -1; /* 18 digits: no overflow in a long */
    long v = strtol(s, NULL, 10);
    if (v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

double parse_size(const char *s)
{
    size_t n = decimal_digits(s);
    if (n == 0 || n > 18) return -1;
    if (s[n] == '.') {
        size_t f = decimal_digits(s + n + 1);
        if (f == 0) return -1;
        n += 1 + f;
    }
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end != s + n || !(v > 0)) return -1;
    static const struct {
        char letter;
        double mult;
    } units[] = {{'k', 1024.0}, {'m', 1048576.0}, {'g', 1073741824.0}, {'t', 1099511627776.0}};
    double mult = 1;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (*end == units[i].letter || *end == units[i].letter - 'a' + 'A') {
            mult = units[i].mult;
            end++;
            break;
        }
    if (!strcmp(end, "iB") || !strcmp(end, "B")) end += strlen(end);
    return *end ? -1 : v * mult;
}

char **split_list(char *s, int *n)
{
    *n = 0;
    size_t cap = 1;
    for (const char *p = s; *p; p++) cap += *p == ',';
    char **items = calloc(cap, sizeof *items);
    if (!items) return NULL;
    for (char *tok = s; tok;) {
        char *comma = strchr(tok, ',');
        if (comma) *comma = '\0';
        while (*tok == ' ') tok++;
        size_t len = strlen(tok);
        while (len > 0 && tok[len - 1] == ' ') tok[--len] = '\0';
        if (len > 0) items[(*n)++] = tok;
        tok = comma ? comma + 1 : NULL;
    }
    return items;
}

int cli_open_results(const char *path, ds_read_results *r, ds_errors *errs)
{
    int rc = results_probe(path, errs);
    if (rc == DS_OK) return results_read(path, r, errs);
    memset(r, 0, sizeof *r);
    return rc;
}

void cli_claim_note(cli_claim_notes *cn, const char *variant, const char *claim, const char *why)
{
    if (!why || !why[0]) return;
    for (int i = 0; i < cn->n; i++)
        if (!strcmp(cn->items[i].claim, claim) && !strcmp(cn->items[i].why, why)) {
            cn->items[i].count++;
            return;
        }
    if (cn->n == (int)(sizeof cn->items / sizeof cn->items[0])) return;
    snprintf(cn->items[cn->n].claim, sizeof cn->items[0].claim, "%s", claim);
    snprintf(cn->items[cn->n].variant, sizeof cn->items[0].variant, "%s", variant);
    snprintf(cn->items[cn->n].why, sizeof cn->items[0].why, "%s", why);
    cn->items[cn->n++].count = 1;
}

void cli_claim_notes_report(const cli_claim_notes *cn, int n_variants, ds_errors *warn)
{
    for (int i = 0; i < cn->n; i++) {
        char where[128] = "";
        if (cn->items[i].count < n_variants && cn->items[i].count == 1)
            snprintf(where, sizeof where, " (variant '%.64s')", cn->items[i].variant);
        else if (cn->items[i].count < n_variants)
            snprintf(where, sizeof where, " (in %d of %d variants)", cn->items[i].count,
                     n_variants);
        errors_add(warn, DS_OK, NULL, 0, 0, NULL, "warning: claim '%s' %s%s", cn->items[i].claim,
                   cn->items[i].why, where);
    }
}

int cli_warn_claims(const ds_scenario *sc, ds_errors *warn, ds_errors *errs)
{
    cli_claim_notes *cn = calloc(1, sizeof *cn);
    if (!cn) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return DS_EFAIL;
    }
    int decided[DS_MAX_CLAIMS];
    char why[DS_MAX_CLAIMS][CLAIMS_TEXT_MAX];
    for (int v = 0; v < sc->n_variants; v++) {
        const ds_params *P = &sc->variants[v].params;
        if (P->n_claims == 0) continue;
        if (claims_construction(P, decided, why, errs) != DS_OK) {
            free(cn);
            return DS_EFAIL;
        }
        for (int c = 0; c < P->n_claims; c++)
            cli_claim_note(cn, sc->variants[v].name, P->claims[c].name, why[c]);
    }
    cli_claim_notes_report(cn, sc->n_variants, warn);
    free(cn);
    return DS_OK;
}

void cli_report_warnings(ds_errors *warn)
{
    errors_report(warn, DS_OK);
}
