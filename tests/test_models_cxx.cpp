// test_models_cxx.cpp — the models/ headers as plain C++ (STYLE.md 13): this
// file is compiled with -std=c++17 -Wall -Wextra -Wpedantic -Werror with one
// generated translation unit per models/ header (tests/models.cmake), so each
// header compiles on its own in the C/C++ subset nvcc needs; then the model's
// known answers (model_cases.h) run as C++.
#include "model_cases.h"

int main()
{
    return ds_mc_run_host("host (C++)");
}
