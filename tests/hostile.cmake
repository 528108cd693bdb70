# tests/hostile.cmake — hostile-input regressions: one shell script per area in
# tests/hostile/, each run as its own test with the depinsim binary as $1.
# Included from tests/CMakeLists.txt.
file(GLOB hostile_scripts CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/hostile/*.sh)
foreach(script ${hostile_scripts})
  get_filename_component(area ${script} NAME_WE)
  add_test(NAME hostile_${area} COMMAND sh ${script} $<TARGET_FILE:depinsim>
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(hostile_${area} PROPERTIES LABELS "hostile" SKIP_RETURN_CODE 77 TIMEOUT 300)
endforeach()
