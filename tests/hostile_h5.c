/* hostile_h5.c — test helper: writes crafted results files into DIR, each a
 * good results file (results_write, one variant "base", two paths, two
 * records) with one object replaced by what a hostile writer could put there:
 * string attributes of the wrong shape, numbers where strings belong, huge
 * declared extents, links and storage that point outside the file. Used by
 * tests/hostile/results.sh and as seeds of the results fuzzer (smoke.sh).
 * usage: hostile_h5 [--small] DIR   (prints the names of the files it wrote) */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

#include "error.h"
#include "io/results.h"

enum { P = 2, R = 2 };

static const char *g_dir;
static int g_failed;

/* Stops at the first HDF5 failure: a generator that silently writes a
 * different file than it says would make the tests prove nothing. */
#define CK(call)                                                                                   \
    do {                                                                                           \
        if ((call) < 0) {                                                                          \
            fprintf(stderr, "hostile_h5: %s failed (line %d)\n", #call, __LINE__);                 \
            g_failed = 1;                                                                          \
        }                                                                                          \
    } while (0)

static void path_of(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "%s/%s", g_dir, name);
}

/* The good file every case starts from: every group the readers know. */
static int write_base(const char *path, int n_variants)
{
    static double q[DS_N_METRICS * R * DS_N_QUANTILES], mean[DS_N_METRICS * R];
    static double fin[DS_N_METRICS * P], out[DS_N_OUTCOMES * P];
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) q[i] = (double)(i % 7);
    for (size_t i = 0; i < sizeof mean / sizeof mean[0]; i++) mean[i] = 0.5 * (double)i;
    for (size_t i = 0; i < sizeof fin / sizeof fin[0]; i++) fin[i] = (double)i;
    for (size_t i = 0; i < sizeof out / sizeof out[0]; i++) out[i] = 1.0 + (double)i;
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
    ds_variant_result v[24];
    char names[24][16];
    if (n_variants > 24) n_variants = 24;
    for (int i = 0; i < n_variants; i++) {
        snprintf(names[i], sizeof names[i], i ? "v%02d" : "base", i);
        v[i] =
            (ds_variant_result){.name = names[i],
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
    }
    ds_results r = {.version = "0.1.0",
                    .scenario_name = "hostile",
                    .scenario_yaml = "name: hostile\n",
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
                    .n_variants = n_variants,
                    .variants = v};
    ds_errors errs = {0};
    int rc = results_write(path, &r, 1, &errs);
    errors_print(&errs, stderr);
    errors_free(&errs);
    return rc;
}

/* --small: the base made by hand, with every group the readers visit but
 * one or two members each, so that no group exceeds HDF5's compact link
 * storage (8 links) and a seed is a few KiB: what the fuzzer wants (dense link
 * tables crash HDF5 1.10 itself, see smoke.sh; zoo.h5 and dense_links.h5 have
 * them on purpose). */
static int g_small;

static void small_str(hid_t loc, const char *name, const char *value)
{
    hid_t t = H5Tcopy(H5T_C_S1), sp = H5Screate(H5S_SCALAR);
    H5Tset_size(t, strlen(value) + 1);
    H5Tset_cset(t, H5T_CSET_UTF8);
    hid_t a = H5Acreate2(loc, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
    CK(a);
    CK(H5Awrite(a, t, value));
    H5Aclose(a);
    H5Sclose(sp);
    H5Tclose(t);
}

static void small_num(hid_t loc, const char *name, double value)
{
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(loc, name, H5T_IEEE_F64LE, sp, H5P_DEFAULT, H5P_DEFAULT);
    CK(a);
    CK(H5Awrite(a, H5T_NATIVE_DOUBLE, &value));
    H5Aclose(a);
    H5Sclose(sp);
}

/* loc/name [rows × cols] (cols 0: [rows]) of doubles, with units. */
static void small_data(hid_t loc, const char *name, hsize_t rows, hsize_t cols, const char *units)
{
    hsize_t dims[2] = {rows, cols};
    double v[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    hid_t sp = H5Screate_simple(cols ? 2 : 1, dims, NULL);
    hid_t d = H5Dcreate2(loc, name, H5T_IEEE_F64LE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    CK(d);
    CK(H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v));
    small_str(d, "units", units);
    H5Dclose(d);
    H5Sclose(sp);
}

static hid_t small_group(hid_t loc, const char *name)
{
    hid_t g = H5Gcreate2(loc, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    CK(g);
    return g;
}

static int write_small(const char *path, int n_variants)
{
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_LATEST);
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    H5Pclose(fapl);
    if (f < 0) return 1;
    small_str(f, "format", "depinsim-results-1");
    small_str(f, "scenario_name", "hostile");
    small_num(f, "seed", 1);
    small_num(f, "paths", P);
    small_num(f, "steps", R);
    small_num(f, "records", R);
    small_num(f, "step_days", 1);
    small_num(f, "complete", 1);
    small_data(f, "time_days", R, 0, "days");
    hid_t vs = small_group(f, "variants");
    for (int i = 0; i < n_variants; i++) {
        char name[16];
        snprintf(name, sizeof name, i ? "v%02d" : "base", i);
        hid_t v = small_group(vs, name), g;
        small_str(v, "overrides", "token.impact=0.5\n");
        small_num(v, "paths", P);
        g = small_group(v, "quantiles");
        small_data(g, "token_price", R, DS_N_QUANTILES, "USD/token");
        small_data(g, "market_cap", R, DS_N_QUANTILES, "USD");
        H5Gclose(g);
        g = small_group(v, "mean");
        small_data(g, "token_price", R, 0, "USD/token");
        H5Gclose(g);
        g = small_group(v, "final");
        small_data(g, "token_price", P, 0, "USD/token");
        H5Gclose(g);
        g = small_group(v, "outcomes");
        small_data(g, "death_spiral", P, 0, "1 if the path spirals");
        H5Gclose(g);
        g = small_group(v, "summary");
        small_num(g, "paths", P);
        small_num(g, "death_spiral_probability", 0.5);
        H5Gclose(g);
        g = small_group(v, "claims");
        hid_t cl = small_group(g, "cheap");
        small_str(cl, "text", "price_ratio <= 0.6 at end");
        small_num(cl, "probability", 0.5);
        small_num(cl, "holds", 1);
        small_num(cl, "paths", P);
        H5Gclose(cl);
        H5Gclose(g);
        H5Gclose(v);
    }
    H5Gclose(vs);
    return H5Fclose(f) < 0;
}

/* A base file under name, opened for writing. */
static hid_t start(const char *name, int n_variants)
{
    char p[4096];
    path_of(p, sizeof p, name);
    if ((g_small ? write_small(p, n_variants) : write_base(p, n_variants)) != 0) {
        g_failed = 1;
        return -1;
    }
    hid_t f = H5Fopen(p, H5F_ACC_RDWR, H5P_DEFAULT);
    if (f < 0) g_failed = 1;
    printf("%s\n", name);
    return f;
}

/* obj's attribute name replaced by one of type t and shape (rank 0: scalar). */
static void put_attr(hid_t f, const char *obj, const char *name, hid_t t, int rank,
                     const hsize_t *dims, const void *data)
{
    hid_t o = H5Oopen(f, obj, H5P_DEFAULT);
    CK(o);
    if (H5Aexists(o, name) > 0) CK(H5Adelete(o, name));
    hid_t sp = rank < 0    ? H5Screate(H5S_NULL)
               : rank == 0 ? H5Screate(H5S_SCALAR)
                           : H5Screate_simple(rank, dims, NULL);
    hid_t a = H5Acreate2(o, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
    CK(a);
    if (data) CK(H5Awrite(a, t, data));
    H5Aclose(a);
    H5Sclose(sp);
    H5Oclose(o);
}

static hid_t str_type(size_t n)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, n);
    return t;
}

static const char *const k_units = "variants/base/quantiles/token_price";

/* Strings of the wrong shape: the stack and heap overflows of issue 10. */
static void string_shapes(void)
{
    hsize_t two = 2;
    hid_t f, t;

    /* two variable-length strings where one pointer was read into */
    f = start("units_vlen2.h5", 1);
    const char *two_s[2] = {"USD/token", "a second string the reader has no room for"};
    t = str_type(H5T_VARIABLE);
    put_attr(f, k_units, "units", t, 1, &two, two_s);
    H5Tclose(t);
    H5Fclose(f);

    /* two S48 strings: 96 chosen bytes for a buffer of 49 */
    f = start("units_s48x2.h5", 1);
    char s48[96];
    memset(s48, 'A', sizeof s48);
    t = str_type(48);
    put_attr(f, k_units, "units", t, 1, &two, s48);
    H5Tclose(t);
    H5Fclose(f);

    /* the root's format attribute as two strings: the first attribute any
     * reader reads */
    f = start("format_s19x2.h5", 1);
    char fmt2[38];
    memcpy(fmt2, "depinsim-results-1\0depinsim-results-1", sizeof fmt2);
    t = str_type(19);
    put_attr(f, "/", "format", t, 1, &two, fmt2);
    H5Tclose(t);
    H5Fclose(f);

    /* a string with no value (null dataspace) */
    f = start("units_null.h5", 1);
    t = str_type(8);
    put_attr(f, k_units, "units", t, -1, NULL, NULL);
    H5Tclose(t);
    H5Fclose(f);

    /* an array type of strings in a scalar dataspace: one element, two strings */
    f = start("units_array_type.h5", 1);
    hid_t s8 = str_type(8);
    t = H5Tarray_create2(s8, 1, &two);
    char ab[16] = "USD/tok\0AAAAAAA";
    put_attr(f, k_units, "units", t, 0, NULL, ab);
    H5Tclose(t);
    H5Tclose(s8);
    H5Fclose(f);
}

/* Numbers where strings belong and strings where numbers belong. */
static void wrong_classes(void)
{
    hid_t f, t;
    double x = 42.0;

    f = start("units_numeric.h5", 1);
    put_attr(f, k_units, "units", H5T_NATIVE_DOUBLE, 0, NULL, &x);
    H5Fclose(f);

    f = start("paths_string.h5", 1);
    t = str_type(3);
    put_attr(f, "/", "paths", t, 0, NULL, "12");
    H5Tclose(t);
    H5Fclose(f);

    /* a number far outside int: the reader used to convert it to int */
    f = start("variant_paths_1e300.h5", 1);
    x = 1e300;
    put_attr(f, "variants/base", "paths", H5T_NATIVE_DOUBLE, 0, NULL, &x);
    H5Fclose(f);

    /* three seeds where the format has one */
    f = start("seed_array.h5", 1);
    hsize_t three = 3;
    unsigned seeds[3] = {1, 2, 3};
    put_attr(f, "/", "seed", H5T_NATIVE_UINT, 1, &three, seeds);
    H5Fclose(f);
}

/* A dataset replaced: name under f, n elements of doubles, with dcpl. */
static void put_dataset(hid_t f, const char *name, int rank, const hsize_t *dims, hid_t dcpl,
                        const double *data)
{
    if (H5Lexists(f, name, H5P_DEFAULT) > 0) CK(H5Ldelete(f, name, H5P_DEFAULT));
    hid_t sp = H5Screate_simple(rank, dims, NULL);
    hid_t d = H5Dcreate2(f, name, H5T_IEEE_F64LE, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    CK(d);
    if (data) CK(H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data));
    H5Dclose(d);
    H5Sclose(sp);
}

/* Declared extents the file cannot hold; storage outside the file. */
static void extents(void)
{
    hid_t f, dcpl;
    const hsize_t huge = (hsize_t)1 << 31;

    /* 2^31 time points (16 GiB of doubles) in a file of a few KiB:
     * contiguous, never written, so no storage is allocated */
    f = start("time_2p31.h5", 1);
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    CK(H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_LATE));
    put_dataset(f, "time_days", 1, &huge, dcpl, NULL);
    H5Pclose(dcpl);
    H5Fclose(f);

    /* the same, chunked and compressed, no chunk written: all fill value */
    f = start("time_2p31_chunked.h5", 1);
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    hsize_t chunk = 1 << 16;
    CK(H5Pset_chunk(dcpl, 1, &chunk));
    CK(H5Pset_deflate(dcpl, 9));
    put_dataset(f, "time_days", 1, &huge, dcpl, NULL);
    H5Pclose(dcpl);
    H5Fclose(f);

    /* final/token_price of 2^31 - 1 paths (as many as the variant says it
     * has), read on demand by plot and export */
    f = start("final_2p31.h5", 1);
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    CK(H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_LATE));
    const hsize_t most = huge - 1;
    put_dataset(f, "variants/base/final/token_price", 1, &most, dcpl, NULL);
    H5Pclose(dcpl);
    double big = (double)most;
    put_attr(f, "variants/base", "paths", H5T_NATIVE_DOUBLE, 0, NULL, &big);
    H5Fclose(f);

    /* 2^24 zeros (128 MiB), written and deflated to a few hundred KiB:
     * backed by the file, but only a memory limit stops it */
    f = start("time_zeros_deflate.h5", 1);
    const hsize_t n = (hsize_t)1 << (g_small ? 20 : 24); /* --small: one chunk */
    double *zeros = calloc(n, sizeof *zeros);
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    hsize_t zchunk = 1 << 20;
    CK(H5Pset_chunk(dcpl, 1, &zchunk));
    CK(H5Pset_deflate(dcpl, 9));
    if (zeros) put_dataset(f, "time_days", 1, &n, dcpl, zeros);
    free(zeros);
    H5Pclose(dcpl);
    H5Fclose(f);

    /* time_days stored in another file (external storage): the reader
     * would read whatever that file holds, say a secret beside it */
    f = start("time_external.h5", 1);
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    CK(H5Pset_external(dcpl, "secret.txt", 0, R * sizeof(double)));
    hsize_t r = R;
    put_dataset(f, "time_days", 1, &r, dcpl, NULL);
    H5Pclose(dcpl);
    H5Fclose(f);

    /* time_days as a virtual dataset over another file's dataset */
    f = start("time_virtual.h5", 1);
    dcpl = H5Pcreate(H5P_DATASET_CREATE);
    hid_t vsp = H5Screate_simple(1, &r, NULL), ssp = H5Screate_simple(1, &r, NULL);
    CK(H5Pset_virtual(dcpl, vsp, "other.h5", "/time_days", ssp));
    put_dataset(f, "time_days", 1, &r, dcpl, NULL);
    H5Sclose(vsp);
    H5Sclose(ssp);
    H5Pclose(dcpl);
    H5Fclose(f);

    /* time_days as a scalar and quantiles of rank 3 */
    f = start("shapes.h5", 1);
    hsize_t d3[3] = {R, DS_N_QUANTILES, 1};
    put_dataset(f, "variants/base/quantiles/token_price", 3, d3, H5P_DEFAULT, NULL);
    H5Fclose(f);
}

/* Links that lead out of the file or back into it. */
static void links(void)
{
    hid_t f;
    /* a variant that is an external link: opening it opens "fifo" (a FIFO
     * the test makes beside the file, where open(2) blocks forever) */
    f = start("variant_external.h5", 1);
    CK(H5Ldelete(f, "variants/base", H5P_DEFAULT));
    CK(H5Lcreate_external("fifo", "/", f, "variants/base", H5P_DEFAULT, H5P_DEFAULT));
    H5Fclose(f);

    /* a variant that is a soft link to the variants group itself */
    f = start("variant_soft_loop.h5", 1);
    CK(H5Lcreate_soft("/variants", f, "variants/loop", H5P_DEFAULT, H5P_DEFAULT));
    H5Fclose(f);

    /* the final group of a variant as a soft link to another variant's */
    f = start("final_soft.h5", 2);
    CK(H5Ldelete(f, "variants/base/final", H5P_DEFAULT));
    CK(H5Lcreate_soft("/variants/v01/final", f, "variants/base/final", H5P_DEFAULT, H5P_DEFAULT));
    H5Fclose(f);
}

/* Terminal control sequences in strings info prints. */
static void controls(void)
{
    hid_t f = start("ctrl_chars.h5", 1);
    const char *name = "evil\x1b]0;pwned\x07\x1b[2J";
    hid_t t = str_type(strlen(name) + 1);
    put_attr(f, "/", "scenario_name", t, 0, NULL, name);
    H5Tclose(t);
    const char *units = "USD\x1b[31m/token";
    t = str_type(strlen(units) + 1);
    put_attr(f, k_units, "units", t, 0, NULL, units);
    H5Tclose(t);
    H5Fclose(f);
}

/* Dense storage and every attribute type class the generic printer meets:
 * 20 variants (links beyond the compact limit of 8) and a summary with more
 * attributes than fit in its object header's compact list. */
static void zoo(void)
{
    hid_t f = start("zoo.h5", g_small ? 1 : 20);
    const char *s = "variants/base/summary";
    hsize_t two = 2, three = 3, d22[2] = {2, 2};
    hid_t t;

    const char *vl[3] = {"one", "two", "three"};
    t = str_type(H5T_VARIABLE);
    put_attr(f, s, "x_vlen_scalar", t, 0, NULL, vl);
    put_attr(f, s, "x_vlen_3", t, 1, &three, vl);
    H5Tclose(t);
    t = str_type(4);
    put_attr(f, s, "x_s4_scalar", t, 0, NULL, "abc");
    put_attr(f, s, "x_s4_3", t, 1, &three, "ab\0\0cd\0\0ef\0\0");
    put_attr(f, s, "x_s4_null", t, -1, NULL, NULL);
    H5Tclose(t);
    int8_t i8 = -7;
    put_attr(f, s, "x_i8", H5T_NATIVE_INT8, 0, NULL, &i8);
    uint64_t u64 = UINT64_MAX;
    put_attr(f, s, "x_u64", H5T_NATIVE_UINT64, 0, NULL, &u64);
    float f32[2] = {1.5f, -2.25f};
    put_attr(f, s, "x_f32_2", H5T_NATIVE_FLOAT, 1, &two, f32);
    double m22[4] = {1, 2, 3, 4};
    put_attr(f, s, "x_f64_2x2", H5T_NATIVE_DOUBLE, 2, d22, m22);
    double many[20];
    for (int i = 0; i < 20; i++) many[i] = i;
    hsize_t twenty = 20;
    put_attr(f, s, "x_f64_20", H5T_NATIVE_DOUBLE, 1, &twenty, many);

    /* classes the printer names but does not read */
    t = H5Tenum_create(H5T_NATIVE_INT);
    int e0 = 0, e1 = 1;
    H5Tenum_insert(t, "no", &e0);
    H5Tenum_insert(t, "yes", &e1);
    put_attr(f, s, "x_enum", t, 0, NULL, &e1);
    H5Tclose(t);
    t = H5Tcreate(H5T_COMPOUND, 16);
    H5Tinsert(t, "a", 0, H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "b", 8, H5T_NATIVE_DOUBLE);
    put_attr(f, s, "x_compound", t, 0, NULL, m22);
    H5Tclose(t);
    t = H5Tarray_create2(H5T_NATIVE_DOUBLE, 1, &two);
    put_attr(f, s, "x_array_type", t, 0, NULL, m22);
    H5Tclose(t);
    t = H5Tvlen_create(H5T_NATIVE_INT);
    int ints[2] = {5, 6};
    hvl_t hv = {2, ints};
    put_attr(f, s, "x_vlen_int", t, 0, NULL, &hv);
    H5Tclose(t);
    t = H5Tcreate(H5T_OPAQUE, 4);
    H5Tset_tag(t, "bytes");
    put_attr(f, s, "x_opaque", t, 0, NULL, "xyz");
    H5Tclose(t);
    uint16_t bits = 0x5a5a;
    put_attr(f, s, "x_bitfield", H5T_NATIVE_B16, 0, NULL, &bits);
    H5Fclose(f);
}

/* Twelve variants: the variants group's links in dense storage. */
static void dense_links(void)
{
    H5Fclose(start("dense_links.h5", 12));
}

int main(int argc, char **argv)
{
    g_small = argc == 3 && strcmp(argv[1], "--small") == 0;
    if (argc != 2 + g_small) {
        fprintf(stderr, "usage: %s [--small] DIR\n", argv[0]);
        return 2;
    }
    g_dir = argv[1 + g_small];
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    string_shapes();
    wrong_classes();
    extents();
    links();
    controls();
    zoo();
    dense_links();
    return g_failed;
}
