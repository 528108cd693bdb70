# tests/install.cmake — what an installed depinsim is: `cmake --install` into a
# temporary prefix, then run and plot from another folder with the installed
# templates (install_test.sh); the man page renders and holds every command
# and key (man_test.sh); `depinsim new` writes scenarios that validate and run,
# and never replaces a file (new_test.sh, test_scenario_write.c).
add_test(NAME install COMMAND sh ${CMAKE_SOURCE_DIR}/tests/install_test.sh ${CMAKE_BINARY_DIR}
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
add_test(NAME manpage COMMAND sh ${CMAKE_SOURCE_DIR}/tests/man_test.sh $<TARGET_FILE:depinsim>
  ${CMAKE_BINARY_DIR}/depinsim.1 WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
add_test(NAME new COMMAND sh ${CMAKE_SOURCE_DIR}/tests/new_test.sh $<TARGET_FILE:depinsim>
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
set_tests_properties(install manpage PROPERTIES SKIP_RETURN_CODE 77)

add_executable(test_scenario_write test_scenario_write.c)
target_link_libraries(test_scenario_write PRIVATE dscore PkgConfig::CMOCKA)
add_test(NAME test_scenario_write COMMAND test_scenario_write WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})

# the figures: SVG read as XML, PDF pages, keys, marks, wrapped titles, cloud groups
add_executable(test_figures test_figures.c)
target_link_libraries(test_figures PRIVATE dscli PkgConfig::CMOCKA)
add_test(NAME test_figures COMMAND test_figures WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
set_tests_properties(test_figures PROPERTIES SKIP_RETURN_CODE 77) # no gnuplot
