# tests/cuda.cmake — the CUDA backend's tests, registered only where it is
# built (TARGET ds_cuda). cuda_memory checks the device-memory estimate on the
# host and runs everywhere, as does cuda_layout (the allocation's layout
# against that estimate); cuda_parity compares CUDA with the CPU path by
# path, model_cases_cuda runs the model's known answers (model_cases.h)
# inside a kernel, dsmath_cuda the maths on 2^20 inputs per function; each
# must give the host's bits. They report "skipped" (exit 77) where no device
# is present, and fail instead when DEPINSIM_REQUIRE_CUDA=1.
if(TARGET ds_cuda)
  add_executable(test_cuda_parity test_cuda_parity.c)
  target_link_libraries(test_cuda_parity PRIVATE dscore)
  add_test(NAME cuda_memory COMMAND test_cuda_parity memory WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  add_test(NAME cuda_parity COMMAND test_cuda_parity WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(cuda_parity PROPERTIES SKIP_RETURN_CODE 77 LABELS "cuda;gpu")
  set_tests_properties(cuda_memory PROPERTIES LABELS cuda)
  # the device allocation's layout against its estimate, on the host
  add_executable(test_cuda_layout test_cuda_layout.c)
  target_link_libraries(test_cuda_layout PRIVATE dscore)
  add_test(NAME cuda_layout COMMAND test_cuda_layout)
  set_tests_properties(cuda_layout PROPERTIES LABELS cuda)

  # A .cu test compiled as kernels/ compiles backend.cu: the same
  # architectures and options (--fmad=false, warnings as errors), read from
  # the ds_cuda target so the two cannot drift.
  enable_language(CUDA)
  find_package(CUDAToolkit REQUIRED)
  get_target_property(ds_cuda_archs ds_cuda CUDA_ARCHITECTURES)
  get_target_property(ds_cuda_options ds_cuda COMPILE_OPTIONS)
  # named test_cuda_* so the GPU bundle (bench/gpu_bundle.sh) carries it
  add_executable(test_cuda_model_cases test_model_cases_cuda.cu)
  set_target_properties(test_cuda_model_cases PROPERTIES
    CUDA_ARCHITECTURES "${ds_cuda_archs}" CUDA_STANDARD 17 CUDA_STANDARD_REQUIRED ON)
  target_compile_options(test_cuda_model_cases PRIVATE ${ds_cuda_options})
  target_include_directories(test_cuda_model_cases PRIVATE ${RANDOM123_INCLUDE_DIR})
  target_link_libraries(test_cuda_model_cases PRIVATE CUDA::cudart_static)
  add_test(NAME model_cases_cuda COMMAND test_cuda_model_cases)
  set_tests_properties(model_cases_cuda PROPERTIES SKIP_RETURN_CODE 77 LABELS "cuda;gpu")

  # dsmath.h on the device against the host, bit for bit, 2^20 inputs each
  add_executable(test_cuda_dsmath test_cuda_dsmath.cu)
  set_target_properties(test_cuda_dsmath PROPERTIES
    CUDA_ARCHITECTURES "${ds_cuda_archs}" CUDA_STANDARD 17 CUDA_STANDARD_REQUIRED ON)
  target_compile_options(test_cuda_dsmath PRIVATE ${ds_cuda_options})
  target_link_libraries(test_cuda_dsmath PRIVATE CUDA::cudart_static)
  add_test(NAME dsmath_cuda COMMAND test_cuda_dsmath)
  set_tests_properties(dsmath_cuda PROPERTIES SKIP_RETURN_CODE 77 LABELS "cuda;gpu")
endif()
