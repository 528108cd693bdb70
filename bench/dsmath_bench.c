/* dsmath_bench.c — speed of models/dsmath.h against glibc (`make bench`):
 * each function on 2^20 inputs from the ranges the model uses, repeated,
 * in ns per call and as a ratio to glibc's time (above 1: dsmath is slower).
 * The inputs are the same for both; the results are folded into a checksum
 * so that neither loop can be optimized away. Usage: dsmath_bench [passes]. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../models/dsmath.h"

#define N (1 << 20)

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static uint64_t state = 12345;
static double unif(double a, double b)
{
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return a + (b - a) * (double)(state >> 11) * 0x1p-53;
}

static double w_exp(double x)
{
    return ds_exp(x);
}
static double w_log(double x)
{
    return ds_log(x);
}
static double w_expm1(double x)
{
    return ds_expm1(x);
}
static double w_log1p(double x)
{
    return ds_log1p(x);
}
static double w_sin(double x)
{
    return ds_sin(x);
}
static double w_cos(double x)
{
    return ds_cos(x);
}

/* Time f over x[N], passes times: seconds per call. The function pointer
 * call is the same for both sides, so the ratio compares the functions. */
static double time1(double (*f)(double), const double *x, int passes, double *sink)
{
    double s = 0.0, t0 = now();
    for (int p = 0; p < passes; p++)
        for (int i = 0; i < N; i++) s += f(x[i]);
    double t = now() - t0;
    *sink += s;
    return t / ((double)passes * N);
}

static double w_ds_pow(double x, double y)
{
    return ds_pow(x, y);
}

static double time2(double (*f)(double, double), const double *x, const double *y, int passes,
                    double *sink)
{
    double s = 0.0, t0 = now();
    for (int p = 0; p < passes; p++)
        for (int i = 0; i < N; i++) s += f(x[i], y[i]);
    double t = now() - t0;
    *sink += s;
    return t / ((double)passes * N);
}

int main(int argc, char **argv)
{
    int passes = argc > 1 ? atoi(argv[1]) : 8;
    if (passes < 1) passes = 1;
    double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y), sink = 0.0;
    if (!x || !y) return 1;
    struct {
        const char *name;
        double (*ds)(double), (*lib)(double);
        double a, b;
    } fns[] = {
        {"exp", w_exp, exp, -50.0, 50.0},
        {"log", w_log, log, 1e-9, 1e6},
        {"expm1", w_expm1, expm1, -20.0, 0.0},
        {"log1p", w_log1p, log1p, 0.0, 100.0},
        {"sin", w_sin, sin, 0.0, 6.283185307179586},
        {"cos", w_cos, cos, 0.0, 6.283185307179586},
    };
    printf("dsmath against glibc: ns per call over %d × 2^20 inputs (model ranges)\n", passes);
    printf("  %-6s %-22s %8s %8s %7s\n", "", "inputs", "dsmath", "glibc", "ratio");
    for (size_t k = 0; k < sizeof fns / sizeof fns[0]; k++) {
        for (int i = 0; i < N; i++) x[i] = unif(fns[k].a, fns[k].b);
        double td = time1(fns[k].ds, x, passes, &sink), tl = time1(fns[k].lib, x, passes, &sink);
        char range[32];
        snprintf(range, sizeof range, "[%g, %g]", fns[k].a, fns[k].b);
        printf("  %-6s %-22s %8.2f %8.2f %7.2f\n", fns[k].name, range, 1e9 * td, 1e9 * tl, td / tl);
    }
    for (int i = 0; i < N; i++) {
        x[i] = unif(0.0, 1.0);
        y[i] = unif(0.0, 30.0);
    }
    double td = time2(w_ds_pow, x, y, passes, &sink), tl = time2(pow, x, y, passes, &sink);
    printf("  %-6s %-22s %8.2f %8.2f %7.2f\n", "pow", "(0,1)^[0,30]", 1e9 * td, 1e9 * tl, td / tl);
    printf("  (checksum %g)\n", sink);
    free(x);
    free(y);
    return 0;
}
