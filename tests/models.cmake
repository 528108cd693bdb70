# tests/models.cmake — the models/ layer on its own: its known answers
# (model_cases.h) as a C test, and every models/ header compiled as plain C++
# (-std=c++17 -Wall -Wextra -Wpedantic -Werror), each in its own translation
# unit, with the same answers run from C++; the accuracy of its maths
# (dsmath.h), and a check that it calls no other. The CUDA run of the cases
# is in cuda.cmake.
file(GLOB model_headers_c CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/models/*.h)
add_executable(test_model_cases test_model_cases.c)
target_include_directories(test_model_cases PRIVATE ${RANDOM123_INCLUDE_DIR})
target_link_libraries(test_model_cases PRIVATE ${MATH_LIB})
add_test(NAME test_model_cases COMMAND test_model_cases)

include(CheckLanguage)
check_language(CXX)
if(CMAKE_CXX_COMPILER)
  enable_language(CXX)
  # one translation unit per header, generated at configure time, so a new
  # header is covered without editing this file
  file(GLOB model_headers CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/models/*.h)
  set(header_units "")
  foreach(h ${model_headers})
    get_filename_component(stem ${h} NAME_WE)
    set(unit ${CMAKE_CURRENT_BINARY_DIR}/models_cxx/${stem}.cpp)
    file(CONFIGURE OUTPUT ${unit} CONTENT "// generated: ${stem}.h on its own, as C++\n#include \"${h}\"\n")
    list(APPEND header_units ${unit})
  endforeach()
  add_executable(test_models_cxx test_models_cxx.cpp ${header_units})
  set_target_properties(test_models_cxx PROPERTIES
    CXX_STANDARD 17 CXX_STANDARD_REQUIRED ON CXX_EXTENSIONS OFF)
  target_compile_options(test_models_cxx PRIVATE -Wall -Wextra -Wpedantic -Werror -ffp-contract=off)
  target_include_directories(test_models_cxx PRIVATE ${RANDOM123_INCLUDE_DIR})
  target_link_libraries(test_models_cxx PRIVATE ${MATH_LIB})
  add_test(NAME models_cxx COMMAND test_models_cxx)
else()
  message(STATUS "depinsim: no C++ compiler; the models/ C++ check is not built")
endif()

# dsmath.h, the model's transcendentals, against a 113-bit reference
# (libquadmath, where the compiler has it) and glibc, 1,000,000 inputs per
# function; `make bench` runs it with more.
include(CheckCSourceCompiles)
set(CMAKE_REQUIRED_LIBRARIES quadmath)
check_c_source_compiles("#include <quadmath.h>
int main(void) { __float128 x = 2; return (int)expq(x); }" DS_HAVE_QUADMATH)
unset(CMAKE_REQUIRED_LIBRARIES)
add_executable(test_dsmath test_dsmath.c)
target_link_libraries(test_dsmath PRIVATE ${MATH_LIB})
if(DS_HAVE_QUADMATH)
  target_compile_definitions(test_dsmath PRIVATE DS_HAVE_QUADMATH)
  target_link_libraries(test_dsmath PRIVATE quadmath)
else()
  message(STATUS "depinsim: no libquadmath; test_dsmath measures against long double")
endif()
add_test(NAME dsmath COMMAND test_dsmath 1000000)

# The model calls no libm transcendental: every models/ header compiled after
# `#pragma GCC poison exp log pow …` (models_no_libm.c); and the same file
# with one exp() call added must fail to compile, or the check proves nothing.
set(all_models ${CMAKE_CURRENT_BINARY_DIR}/models_all.h)
set(all_models_text "// generated: every models/ header\n")
foreach(h ${model_headers_c})
  string(APPEND all_models_text "#include \"${h}\"\n")
endforeach()
file(CONFIGURE OUTPUT ${all_models} CONTENT "${all_models_text}")
set(no_libm_cmd ${CMAKE_C_COMPILER} -std=c11 -fsyntax-only -Wall -Werror
  -I${RANDOM123_INCLUDE_DIR} -I${CMAKE_CURRENT_BINARY_DIR}
  ${CMAKE_CURRENT_SOURCE_DIR}/models_no_libm.c)
add_test(NAME models_no_libm COMMAND ${no_libm_cmd})
add_test(NAME models_no_libm_probe COMMAND ${no_libm_cmd} -DDS_PROBE_LIBM)
set_tests_properties(models_no_libm_probe PROPERTIES WILL_FAIL TRUE)
