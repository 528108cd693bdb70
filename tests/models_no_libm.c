/* models_no_libm.c — the model uses no libm transcendental: dsmath.h holds
 * every one it needs, so that host and device round alike (STYLE.md 16). The
 * test compiles this file with every models/ header (models_all.h, generated
 * by tests/models.cmake) after poisoning libm's transcendental names; a call
 * to any of them in models/ is then a compile error. With -DDS_PROBE_LIBM it
 * adds such a call, which must fail (the test expects it to), so the check is
 * known to bite. sqrt, floor, ceil, ldexp, llrint and fabs stay allowed: they
 * are exact on every IEEE machine. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <Random123/philox.h>
#include <Random123/u01fixedpt.h>

#pragma GCC poison exp exp2 exp10 expm1 log log2 log10 log1p logb pow cbrt hypot
#pragma GCC poison sin cos tan sincos asin acos atan atan2 sinh cosh tanh asinh acosh atanh
#pragma GCC poison erf erfc tgamma lgamma expf logf powf sinf cosf expl logl powl sinl cosl
#pragma GCC poison __builtin_exp __builtin_log __builtin_pow __builtin_sin __builtin_cos

#include "models_all.h"

#ifdef DS_PROBE_LIBM
double ds_probe_libm(double x);
double ds_probe_libm(double x)
{
    return exp(x);
}
#endif
