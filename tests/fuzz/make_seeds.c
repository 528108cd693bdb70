/* make_seeds.c — writes the seed corpus of fuzz_results into a directory:
 * full.h5, a results_write of one variant, two paths and two records with
 * outcomes and a claim (every group the readers know), and minimal.h5, the
 * root attributes and time_days only. Generated at fuzz time, not committed.
 * usage: fuzz_make_seeds DIR */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

#include "error.h"
#include "io/results.h"

static int write_full(const char *path)
{
    enum { P = 2, R = 2 };
    static double q[DS_N_METRICS * R * DS_N_QUANTILES], mean[DS_N_METRICS * R];
    static double fin[DS_N_METRICS * P], out[DS_N_OUTCOMES * P];
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) q[i] = (double)(i % 7);
    for (size_t i = 0; i < sizeof mean / sizeof mean[0]; i++) mean[i] = 0.5 * (double)i;
    for (size_t i = 0; i < sizeof fin / sizeof fin[0]; i++) fin[i] = (double)i;
    for (size_t i = 0; i < sizeof out / sizeof out[0]; i++) out[i] = i % 2 ? INFINITY : 1.0;
    const double time_days[R] = {1.0, 2.0};
    const uint8_t per_path[P] = {1, 0};
    ds_claim_result cl = {.name = "cheap",
                          .text = "price_ratio <= 0.6 at end",
                          .metric = "price_ratio",
                          .op = "<=",
                          .threshold = 0.6,
                          .when = "end",
                          .window_start_day = NAN,
                          .window_end_day = NAN,
                          .holds = 1,
                          .paths = P,
                          .probability = 0.5,
                          .wilson_lo = 0.1,
                          .wilson_hi = 0.9,
                          .per_path = per_path};
    ds_variant_result v = {.name = "base",
                           .overrides = "token.impact=0.5\n",
                           .paths = P,
                           .records = R,
                           .quantiles = q,
                           .mean = mean,
                           .final = fin,
                           .outcomes = out,
                           .outcome_summary = {0.5, 0.1, 0.9, 0.5, NAN, 0.3, 2.0, 0.25, 0.0},
                           .n_claims = 1,
                           .claims = &cl};
    ds_results r = {.version = "0.1.0",
                    .scenario_name = "seed",
                    .scenario_yaml = "name: seed\n",
                    .scenario_sha256 =
                        "0000000000000000000000000000000000000000000000000000000000000000",
                    .seed = 1,
                    .paths = P,
                    .steps = R,
                    .records = R,
                    .step_days = 1.0,
                    .backend = "cpu",
                    .device = "1 OpenMP thread",
                    .wall_seconds = 0.01,
                    .created = "2025-01-01T00:00:00Z",
                    .time_days = time_days,
                    .n_variants = 1,
                    .variants = &v};
    ds_errors errs = {0};
    int rc = results_write(path, &r, 1, &errs);
    errors_print(&errs, stderr);
    errors_free(&errs);
    return rc;
}

/* the least a reader accepts before it looks for variants */
static int write_minimal(const char *path)
{
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_libver_bounds(fapl, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST);
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    if (f < 0) return 1;
    hid_t t = H5Tcopy(H5T_C_S1), sp = H5Screate(H5S_SCALAR);
    const char *fmt = "depinsim-results-1";
    H5Tset_size(t, strlen(fmt) + 1);
    hid_t a = H5Acreate2(f, "format", t, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, t, fmt);
    H5Aclose(a);
    int records = 1;
    a = H5Acreate2(f, "records", H5T_STD_I32LE, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, H5T_NATIVE_INT, &records);
    H5Aclose(a);
    hsize_t n = 1;
    double day = 1.0;
    hid_t dsp = H5Screate_simple(1, &n, NULL);
    hid_t d =
        H5Dcreate2(f, "time_days", H5T_IEEE_F64LE, dsp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &day);
    H5Dclose(d);
    hid_t g = H5Gcreate2(f, "variants", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    hid_t vg = H5Gcreate2(g, "base", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    hid_t qg = H5Gcreate2(vg, "quantiles", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    hsize_t qd[2] = {1, DS_N_QUANTILES};
    double qv[DS_N_QUANTILES] = {1, 2, 3, 4, 5};
    hid_t qsp = H5Screate_simple(2, qd, NULL);
    d = H5Dcreate2(qg, "token_price", H5T_IEEE_F64LE, qsp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, qv);
    H5Dclose(d);
    H5Sclose(qsp);
    H5Gclose(qg);
    H5Gclose(vg);
    H5Gclose(g);
    H5Sclose(dsp);
    H5Sclose(sp);
    H5Tclose(t);
    H5Pclose(fapl);
    return H5Fclose(f) < 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    char p[4096];
    snprintf(p, sizeof p, "%s/full.h5", argv[1]);
    if (write_full(p) != 0) return 1;
    snprintf(p, sizeof p, "%s/minimal.h5", argv[1]);
    return write_minimal(p);
}
