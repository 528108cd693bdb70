/* test_model_cases.c — the model's known answers (model_cases.h) run on the
 * host as C11; the same cases run as C++ (test_models_cxx.cpp) and inside a
 * kernel (test_model_cases_cuda.cu). Exit status 0 when every case holds. */
#include "model_cases.h"

int main(void)
{
    return ds_mc_run_host("host (C)");
}
