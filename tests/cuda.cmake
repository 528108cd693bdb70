# tests/cuda.cmake — issue 4: the CUDA backend's tests, registered only where
# it is built (DS_HAVE_CUDA). cuda_memory checks the device-memory estimate on
# the host and runs everywhere; cuda_parity compares CUDA with the CPU path by
# path and reports "skipped" (exit 77) where no device is present.
if(TARGET ds_cuda)
  add_executable(test_cuda_parity test_cuda_parity.c)
  target_link_libraries(test_cuda_parity PRIVATE dscore)
  add_test(NAME cuda_memory COMMAND test_cuda_parity memory WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  add_test(NAME cuda_parity COMMAND test_cuda_parity WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(cuda_parity PROPERTIES SKIP_RETURN_CODE 77 LABELS "cuda;gpu")
  set_tests_properties(cuda_memory PROPERTIES LABELS cuda)
endif()
