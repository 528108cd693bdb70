/* results_inputs.c — the input series' provenance in a results file
 * (/inputs/<name>/, results_format.h): written beside the scenario's own
 * hash, each input's file as the scenario names it, its column, unit,
 * SHA-256, how it was read (start, interpolation, scale) and the knots the
 * run used; read back, checked like every object of the file, for `info`
 * and for merge, which writes them again into the merged file. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "results_int.h"

int results_write_inputs(h5ctx *c, const h5_plists *p, hid_t f, const ds_results *r)
{
    if (r->n_inputs <= 0) return 0;
    int rc = -1;
    hid_t all = -1, g = -1, d = -1;
    if ((all = h5_group_new(c, f, RF_INPUTS, p->gcpl_order)) < 0) goto done;
    for (int i = 0; i < r->n_inputs; i++) {
        const ds_result_input *in = &r->inputs[i];
        if ((g = h5_group_new(c, all, in->name, p->gcpl_order)) < 0) goto done;
        if (h5_attr_str(c, g, RF_INPUT_FILE, in->file) < 0 ||
            h5_attr_str(c, g, RF_INPUT_COLUMN, in->column) < 0 ||
            h5_attr_str(c, g, RF_INPUT_UNIT, in->unit) < 0 ||
            h5_attr_str(c, g, RF_INPUT_SHA256, in->sha256) < 0 ||
            h5_attr_str(c, g, RF_INPUT_START, in->start) < 0 ||
            h5_attr_str(c, g, RF_INPUT_INTERP, in->interp) < 0 ||
            h5_attr_f64(c, g, RF_INPUT_SCALE, in->scale) < 0 ||
            h5_attr_i32(c, g, RF_INPUT_ROWS, in->rows) < 0)
            goto done;
        hsize_t n = (hsize_t)in->rows;
        if ((d = h5_dataset_f64(c, g, RF_INPUT_T_DAYS, 1, &n, in->t_days, "days", p->dcpl)) < 0)
            goto done;
        H5CLOSE(H5Dclose, d);
        if ((d = h5_dataset_f64(c, g, RF_INPUT_VALUE, 1, &n, in->value, in->value_unit, p->dcpl)) <
            0)
            goto done;
        H5CLOSE(H5Dclose, d);
        H5CLOSE(H5Gclose, g);
    }
    rc = 0;
done:
    H5CLOSE(H5Dclose, d);
    H5CLOSE(H5Gclose, g);
    H5CLOSE(H5Gclose, all);
    return rc;
}

/* A string attribute, "" when absent. */
static int str0(rdctx *c, hid_t loc, const char *name, char **out)
{
    int got = rd_attr_str(c, loc, name, out);
    if (got < 0) return -1;
    if (got == 1 && !(*out = strdup(""))) return rd_oom(c);
    return 0;
}

int results_read_inputs(rdctx *c, hid_t f, ds_read_results *r)
{
    hid_t all = -1, g = -1;
    rd_names l = {0};
    int rc = -1, got = rd_open(c, f, RF_INPUTS, H5I_GROUP, &all);
    if (got != 0) return got < 0 ? -1 : 0; /* absent: a file without inputs */
    if (rd_list_links(c, all, &l) < 0) goto done;
    if (l.n > 0) {
        if (rd_reserve(c, (uint64_t)l.n * sizeof *r->inputs) < 0) goto done;
        if (!(r->inputs = calloc((size_t)l.n, sizeof *r->inputs))) {
            rd_oom(c);
            goto done;
        }
    }
    for (int i = 0; i < l.n; i++) {
        ds_read_input *in = &r->inputs[r->n_inputs++];
        if (!(in->name = strdup(l.names[i]))) {
            rd_oom(c);
            goto done;
        }
        if (rd_open(c, all, l.names[i], H5I_GROUP, &g) != 0) goto done;
        if (str0(c, g, RF_INPUT_FILE, &in->file) < 0 ||
            str0(c, g, RF_INPUT_COLUMN, &in->column) < 0 ||
            str0(c, g, RF_INPUT_UNIT, &in->unit) < 0 ||
            str0(c, g, RF_INPUT_SHA256, &in->sha256) < 0 ||
            str0(c, g, RF_INPUT_START, &in->start) < 0 ||
            str0(c, g, RF_INPUT_INTERP, &in->interp) < 0 ||
            rd_attr_f64(c, g, RF_INPUT_SCALE, &in->scale) < 0 ||
            rd_attr_int(c, g, RF_INPUT_ROWS, 0, INT_MAX, &in->rows) < 0)
            goto done;
        /* the knots (merge writes them again): as many as the rows said */
        hsize_t want[2] = {(hsize_t)in->rows, 0}, dims[2];
        if (in->rows > 0 && (rd_f64_whole(c, g, RF_INPUT_T_DAYS, 1, want, dims, &in->t_days) < 0 ||
                             rd_f64_whole(c, g, RF_INPUT_VALUE, 1, want, dims, &in->value) < 0))
            goto done;
        if (in->value) {
            hid_t d = -1;
            uint64_t n = 0;
            if (rd_dataset(c, g, RF_INPUT_VALUE, 1, want, dims, &n, &d) != 0) goto done;
            int bad = str0(c, d, "units", &in->value_unit) < 0;
            H5CLOSE(H5Oclose, d);
            if (bad) goto done;
        } else if (!(in->value_unit = strdup(""))) {
            rd_oom(c);
            goto done;
        }
        H5CLOSE(H5Oclose, g);
    }
    rc = 0;
done:
    rd_names_free(&l);
    H5CLOSE(H5Oclose, g);
    H5CLOSE(H5Oclose, all);
    return rc;
}

void results_read_inputs_free(ds_read_results *r)
{
    for (int i = 0; i < r->n_inputs; i++) {
        ds_read_input *in = &r->inputs[i];
        free(in->name), free(in->file), free(in->column), free(in->unit), free(in->sha256);
        free(in->start), free(in->interp), free(in->value_unit), free(in->t_days), free(in->value);
    }
    free(r->inputs);
    r->inputs = NULL;
    r->n_inputs = 0;
}
