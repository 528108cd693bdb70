# tests/hardening.cmake — hardening: the valgrind run, the I/O fault tests and,
# with -DDS_FUZZ=ON in a clang build directory, the libFuzzer targets.
# Included from tests/CMakeLists.txt.

# holds an HDF5 file open for writing, for the "another writer" case
add_executable(hold_h5 hold_h5.c)
target_link_libraries(hold_h5 PRIVATE dscore)

add_test(NAME io_faults COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/io_faults.sh
  $<TARGET_FILE:depinsim> $<TARGET_FILE:hold_h5> WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
set_tests_properties(io_faults PROPERTIES LABELS "hardening" TIMEOUT 120)

# memcheck under ASan makes no sense: only in builds without the sanitizers
if(NOT DS_SANITIZE)
  add_test(NAME valgrind COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/valgrind.sh $<TARGET_FILE:depinsim>
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(valgrind PROPERTIES LABELS "valgrind" SKIP_RETURN_CODE 77 TIMEOUT 300)
endif()

option(DS_FUZZ "build the libFuzzer targets in tests/fuzz (needs clang)" OFF)
if(DS_FUZZ)
  add_subdirectory(${CMAKE_CURRENT_SOURCE_DIR}/fuzz ${CMAKE_CURRENT_BINARY_DIR}/fuzz)
endif()
