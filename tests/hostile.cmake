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

# h5edit crafts hostile results files from real ones (links renamed, string
# attributes replaced); every hostile script finds it as $DS_H5EDIT.
add_executable(h5edit hostile/h5edit.c)
target_link_libraries(h5edit PRIVATE dscore)
foreach(script ${hostile_scripts})
  get_filename_component(area ${script} NAME_WE)
  set_property(TEST hostile_${area} APPEND PROPERTY ENVIRONMENT "DS_H5EDIT=$<TARGET_FILE:h5edit>")
endforeach()
