# tests/scenarios.cmake — the scenario library (scenarios/*.yaml): every file validates
# and runs briefly (scenarios_test.sh), and the known answers of docs/sources.md hold with
# each scenario's own parameters (test_scenario_known.c).
add_test(NAME scenarios COMMAND sh ${CMAKE_SOURCE_DIR}/tests/scenarios_test.sh $<TARGET_FILE:depinsim>
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})

add_executable(test_scenario_known test_scenario_known.c)
target_link_libraries(test_scenario_known PRIVATE dscore PkgConfig::CMOCKA)
add_test(NAME test_scenario_known COMMAND test_scenario_known WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
