# tests/models.cmake — the models/ layer on its own: its known answers
# (model_cases.h) as a C test, and every models/ header compiled as plain C++
# (-std=c++17 -Wall -Wextra -Wpedantic -Werror), each in its own translation
# unit, with the same answers run from C++. The CUDA run of the cases is in
# cuda.cmake.
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
