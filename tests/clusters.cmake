# tests/clusters.cmake — a run beyond one process (issue 16) and its
# provenance (issues 16, 17): shards, merge, checkpoint and resume
# (clusters_test.sh, no MPI needed); the build's provenance and
# cmake/build_info.cmake on a scratch repository (provenance_test.sh); and,
# where the build has MPI, runs under mpiexec on 1, 2 and 3 ranks
# (mpi_test.sh). Included from tests/CMakeLists.txt.
add_test(NAME clusters COMMAND sh ${CMAKE_SOURCE_DIR}/tests/clusters_test.sh $<TARGET_FILE:depinsim>
  $<TARGET_FILE:h5edit> WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
add_test(NAME provenance COMMAND sh ${CMAKE_SOURCE_DIR}/tests/provenance_test.sh
  $<TARGET_FILE:depinsim> ${CMAKE_COMMAND} $<TARGET_FILE:h5edit> WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
set_tests_properties(clusters provenance PROPERTIES TIMEOUT 300)

if(DS_MPI AND MPI_C_FOUND AND MPIEXEC_EXECUTABLE)
  add_test(NAME mpi COMMAND sh ${CMAKE_SOURCE_DIR}/tests/mpi_test.sh $<TARGET_FILE:depinsim>
    ${MPIEXEC_EXECUTABLE} WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(mpi PROPERTIES LABELS "mpi" TIMEOUT 300)
  if(DS_SANITIZE)
    # Open MPI keeps allocations past MPI_Finalize in components it has
    # already unloaded, so LeakSanitizer can name neither them nor their
    # library (no suppression matches "<unknown module>"): leaks are not
    # checked under mpiexec. Every other error is, and the paths MPI runs
    # through are leak-checked in the clusters test (one process).
    set_tests_properties(mpi PROPERTIES ENVIRONMENT "ASAN_OPTIONS=detect_leaks=0")
  endif()
endif()
