/* info.c — `depinsim info`: a results file summarized for a terminal: the
 * scenario and its provenance, the size and time of the run, the variants
 * with their overrides, and per variant the key metrics at the horizon, the
 * summary, the outcomes and the claims. Reads through results_read only;
 * everything from the file passes the terminal escaper (error.h). The whole
 * report is built in memory first, so a failure prints nothing. */
#include "report.h"
#include "report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The metrics info shows, in this order. */
static const int info_metrics[] = {
    DS_M_TOKEN_PRICE,      DS_M_MARKET_CAP,  DS_M_ACTIVE_PROVIDERS,       DS_M_CAPACITY,
    DS_M_SERVED,           DS_M_UTILIZATION, DS_M_NETWORK_PRICE,          DS_M_CLOUD_REFERENCE,
    DS_M_PRICE_RATIO,      DS_M_SUBSIDY,     DS_M_SUBSIDY_ADJUSTED_RATIO, DS_M_PROVIDER_INCOME,
    DS_M_PROFITABLE_SHARE, DS_M_TREASURY,
};

/* A string from the file, escaped; "-" when the file has none. */
static void put_or_dash(FILE *o, const char *s)
{
    errors_put_text(o, s && s[0] ? s : "-");
}

/* "    name                         value" per attribute, names and values escaped. */
static void put_attrs(FILE *o, const char *indent, const ds_read_attr *a, int n)
{
    for (int i = 0; i < n; i++) {
        char name[128];
        errors_escape(a[i].name, name, sizeof name);
        fprintf(o, "%s%-28s ", indent, name);
        errors_put_text(o, a[i].text);
        fputc('\n', o);
    }
}

/* The binary, the machines, a shard, a merge or a resume (results_read.h's
 * ds_read_provenance); nothing for files of versions before them. Strings
 * from the file pass the escaper. */
static void put_provenance(const ds_read_results *r, const ds_read_provenance *p, FILE *o)
{
    if (p->git_commit && p->git_commit[0]) {
        fputs("built from:  ", o);
        errors_put_text(o, p->git_commit);
        fputs(p->git_dirty > 0   ? " (dirty tree), "
              : p->git_dirty < 0 ? " (not a git checkout), "
                                 : ", ",
              o);
        put_or_dash(o, p->compiler);
        fputs(", ", o);
        put_or_dash(o, p->build_type);
        fputc('\n', o);
    }
    int merged = p->merged_from && p->merged_from[0];
    if (p->host && p->host[0]) {
        fputs(merged ? "merged on:   " : "ran on:      ", o);
        if (p->mpi_ranks > 1 && p->hosts && p->hosts[0]) {
            fprintf(o, "%.0f MPI ranks: ", p->mpi_ranks);
            errors_put_text(o, p->hosts);
        } else {
            errors_put_text(o, p->host);
        }
        if (p->omp_threads > 0)
            fprintf(o, ", %.0f OpenMP thread%s%s", p->omp_threads, p->omp_threads == 1 ? "" : "s",
                    p->mpi_ranks > 1 ? " each" : "");
        fputc('\n', o);
    }
    if (p->shard == 1)
        fprintf(o, "shard:       paths %.0f:%.0f of %d (depinsim merge puts the shards together)\n",
                p->shard_first, p->shard_end, r->paths);
    if (merged) {
        fputs("merged from:", o);
        for (const char *line = p->merged_from; *line;) {
            size_t len = strcspn(line, "\n");
            char buf[1024];
            snprintf(buf, sizeof buf, "%.*s", (int)(len < sizeof buf ? len : sizeof buf - 1), line);
            fputs(line == p->merged_from ? " " : "\n             ", o);
            errors_put_text(o, buf);
            line += len + (line[len] == '\n');
        }
        fputc('\n', o);
    }
    if (p->resumed_from && p->resumed_from[0]) {
        fprintf(o, "resumed:     %.0f paths from the checkpoint ", p->resumed_paths);
        errors_put_text(o, p->resumed_from);
        fputc('\n', o);
    }
}

static void put_header(const ds_read_results *r, FILE *o)
{
    static const char *const label[5] = {
        "scenario:    ", "created:     ", "version:     ", "backend:     ", "sha256:      "};
    const char *value[5] = {r->scenario_name, r->created, r->version, r->backend,
                            r->scenario_sha256};
    fputs("file:        ", o);
    errors_put_text(o, r->path);
    fputc('\n', o);
    for (int i = 0; i < 5; i++) {
        fputs(label[i], o);
        put_or_dash(o, value[i]);
        if (i == 3) { /* backend (device), and why auto ran on the CPU */
            fputs(" (", o);
            put_or_dash(o, r->device);
            fputc(')', o);
            if (r->backend_reason && r->backend_reason[0]) {
                fputs("\nreason:      ", o);
                errors_put_text(o, r->backend_reason);
            }
        }
        fputc('\n', o);
    }
    fprintf(o, "seed:        %.0f\n", r->seed);
    fprintf(o, "paths:       %d\n", r->paths);
    if (r->partial)
        fprintf(o, "complete:    no: interrupted, written with --partial (%.0f paths requested)\n",
                isnan(r->paths_requested) ? 0.0 : r->paths_requested);
    double horizon = r->steps * r->step_days, wall = r->wall_seconds;
    fprintf(o, "horizon:     %d steps x %.6g day%s = %.6g days (%.2f years)\n", r->steps,
            r->step_days, r->step_days == 1.0 ? "" : "s", horizon, horizon / 365.0);
    fprintf(o, "records:     %d\n", r->records);
    if (wall >= 60.0 && wall < 1e9) /* long runs: also as h:mm:ss */
        fprintf(o, "wall time:   %.1f s (%d:%02d:%02d)\n", wall, (int)(wall / 3600),
                (int)fmod(wall / 60, 60), (int)fmod(wall, 60));
    else
        fprintf(o, "wall time:   %.3g s\n", wall);
    put_provenance(r, &r->prov, o);
}

/* The input series (scenario inputs:): per input its file and column, the
 * rows read and the file's SHA-256, every string escaped. */
static void put_inputs(const ds_read_results *r, FILE *o)
{
    if (r->n_inputs == 0) return;
    fprintf(o, "inputs:      %d (file [column], rows read, SHA-256 of the file)\n", r->n_inputs);
    for (int i = 0; i < r->n_inputs; i++) {
        const ds_read_input *in = &r->inputs[i];
        fputs("  ", o);
        errors_put_text(o, in->name);
        fputs("  ", o);
        put_or_dash(o, in->file);
        fputs(" [", o);
        put_or_dash(o, in->column);
        fprintf(o, "], %d rows\n      sha256 ", in->rows);
        put_or_dash(o, in->sha256);
        fputc('\n', o);
    }
}

/* The variants and their overrides, one "key=value" per line. */
static void put_variants(const ds_read_results *r, FILE *o)
{
    fprintf(o, "variants:    %d\n", r->n_variants);
    for (int i = 0; i < r->n_variants; i++) {
        const ds_read_variant *v = &r->variants[i];
        fputs("  ", o);
        errors_put_text(o, v->name);
        fputc('\n', o);
        if (v->segments && v->segments[0]) { /* segment k's metrics: segmentk_served, _price */
            fputs("      segments: ", o);
            errors_put_text(o, v->segments);
            fputs(" (segment1_*, segment2_*, … in this order)\n", o);
        }
        if (!v->overrides[0]) fprintf(o, "      (no overrides)\n");
        for (const char *line = v->overrides; *line;) {
            const char *nl = strchr(line, '\n');
            size_t len = nl ? (size_t)(nl - line) : strlen(line);
            if (len > 0) {
                char *one = strndup(line, len);
                fputs("      ", o);
                errors_put_text(o, one ? one : "?");
                fputc('\n', o);
                free(one);
            }
            line += len + (nl != NULL);
        }
    }
}

/* The key metrics at the last record: median and 5-95% band, with units. */
static void put_metrics(const ds_read_results *r, const ds_read_variant *v, FILE *o)
{
    fprintf(o, "  %-24s %10s %10s %10s  %s\n", "metric", "median", "5%", "95%", "unit");
    for (size_t i = 0; i < sizeof info_metrics / sizeof info_metrics[0]; i++) {
        int m = info_metrics[i];
        const ds_read_metric *rm = results_read_metric(v, ds_metric_names[m]);
        if (!rm) {
            fprintf(o, "  %-24s %10s %10s %10s  (not in file)\n", ds_metric_names[m], "-", "-",
                    "-");
            continue;
        }
        const double *q = report_last_quantiles(r, v, ds_metric_names[m]);
        char a[32], b[32], d[32];
        fprintf(o, "  %-24s %10s %10s %10s  ", ds_metric_names[m], results_fmt_num(a, q[DS_Q_P50]),
                results_fmt_num(b, q[DS_Q_P05]), results_fmt_num(d, q[DS_Q_P95]));
        errors_put_text(o, rm->units[0] ? rm->units : ds_metric_units[m]);
        fputc('\n', o);
    }
}

/* "  outcomes:" and one readable line per outcome summary; nothing when the
 * file has none (written before outcomes existed, or by a run without them). */
static void put_outcomes(const ds_read_variant *v, FILE *o)
{
    if (!v->outcome_summary_fields) return;
    const ds_outcome_summary *s = &v->outcome_summary;
    char a[32];
    fprintf(o, "  outcomes:\n");
    fprintf(o, "    %-24s P = %.3f", "death spiral", s->death_spiral_probability);
    if (!isnan(s->death_spiral_wilson_lo) && !isnan(s->death_spiral_wilson_hi))
        fprintf(o, " [%.2f, %.2f]", s->death_spiral_wilson_lo, s->death_spiral_wilson_hi);
    fprintf(o, "\n");
    if (isnan(s->sustainable_share))
        fprintf(o, "    %-24s -\n", "sustainable");
    else
        fprintf(o, "    %-24s %.1f%% of paths\n", "sustainable", 100.0 * s->sustainable_share);
    if (isnan(s->sustainability_day_median))
        fprintf(o, "    %-24s median never (fewer than half the paths become sustainable)\n",
                "sustainability day");
    else
        fprintf(o, "    %-24s median %s\n", "sustainability day",
                results_fmt_num(a, s->sustainability_day_median));
    fprintf(o, "    %-24s median %s (%s)\n", "max drawdown",
            results_fmt_num(a, s->max_drawdown_median), ds_outcome_units[DS_O_MAX_DRAWDOWN]);
    fprintf(o, "    %-24s median %s\n", "min active providers",
            results_fmt_num(a, s->min_active_providers_median));
    /* entry from a prospect pool (providers.prospects): said only when it bit */
    if (s->prospects_exhausted_share > 0)
        fprintf(o, "    %-24s on %.1f%% of paths (%.0f of %d): entry stopped there\n",
                "prospect pool exhausted", 100.0 * s->prospects_exhausted_share,
                s->prospects_exhausted_share * v->paths, v->paths);
    if (s->slots_short_share > 0)
        fprintf(o, "    %-24s on %.1f%% of paths (%.0f of %d): raise providers.count\n",
                "slots short of the pool", 100.0 * s->slots_short_share,
                s->slots_short_share * v->paths, v->paths);
}

/* The claims: each of this layout as one line, "  claim <name>: <text>: P =
 * 0.625 [0.41, 0.80] (5/8 paths)"; attributes of other layouts generically. */
static void put_claims(const ds_read_variant *v, FILE *o)
{
    if (v->n_claims_attrs > 0) {
        fprintf(o, "  claims:\n");
        put_attrs(o, "    ", v->claims_attrs, v->n_claims_attrs);
    }
    for (int i = 0; i < v->n_claims; i++) {
        const ds_read_claim *cl = &v->claims[i];
        fputs("  claim ", o);
        errors_put_text(o, cl->name);
        if (!cl->has_probability) {
            fputc('\n', o);
            put_attrs(o, "      ", cl->attrs, cl->n_attrs);
            continue;
        }
        fputs(": ", o);
        if (cl->text[0]) {
            errors_put_text(o, cl->text);
            fputs(": ", o);
        }
        fprintf(o, "P = %.3f", cl->probability);
        if (!isnan(cl->wilson_lo) && !isnan(cl->wilson_hi))
            fprintf(o, " [%.2f, %.2f]", cl->wilson_lo, cl->wilson_hi);
        if (!isnan(cl->holds) && !isnan(cl->paths))
            fprintf(o, " (%.0f/%.0f paths)", cl->holds, cl->paths);
        fputc('\n', o);
    }
}

static void put_variant(const ds_read_results *r, const ds_read_variant *v, FILE *o)
{
    fputs("\nvariant ", o);
    errors_put_text(o, v->name);
    if (v->has_paths) fprintf(o, " (%d paths)", v->paths);
    fprintf(o, ": at the horizon, day %.6g (%.2f years)\n", r->horizon_days,
            r->horizon_days / 365.0);
    put_metrics(r, v, o);
    /* summary scalars other than the per-metric finals shown above (later
     * versions add drawdowns, sustainability steps, ...) */
    if (v->n_summary > 0) {
        fprintf(o, "  summary:\n");
        put_attrs(o, "    ", v->summary, v->n_summary);
    }
    put_outcomes(v, o);
    put_claims(v, o);
}

int report_info(const ds_read_results *r, FILE *out, ds_errors *errs)
{
    char *text = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&text, &len);
    if (!o) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return DS_EFAIL;
    }
    put_header(r, o);
    put_inputs(r, o);
    put_variants(r, o);
    for (int i = 0; i < r->n_variants; i++) put_variant(r, &r->variants[i], o);
    int rc = fclose(o) == 0 && text ? DS_OK : DS_EFAIL;
    if (rc == DS_OK && (fwrite(text, 1, len, out) != len || fflush(out) != 0)) rc = DS_EFAIL;
    if (rc != DS_OK) errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "info: cannot write the output");
    free(text);
    return rc;
}

int report_info_file(const char *path, FILE *out, ds_errors *errs)
{
    ds_read_results r;
    int rc = results_read(path, &r, errs);
    if (rc == DS_OK) rc = report_info(&r, out, errs);
    results_read_free(&r);
    return rc;
}
