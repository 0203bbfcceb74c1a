# cmake -DSOURCE=<this folder> -DBINARY=<scratch dir> -DGENERATOR=<g> -DCXX=<compiler> -P check.cmake
# Configures and builds the layering project once per case and checks the outcome.
function(run_case name expect_configure expect_build pattern)
  set(dir ${BINARY}/${name})
  file(REMOVE_RECURSE ${dir})
  execute_process(
    COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${dir} -G ${GENERATOR}
            -DCMAKE_CXX_COMPILER=${CXX} -DLAYERING_CASE=${name}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(configured FALSE)
  if(rc EQUAL 0)
    set(configured TRUE)
  endif()
  if(NOT configured STREQUAL expect_configure)
    message(FATAL_ERROR "case ${name}: configure ok=${configured}, expected ${expect_configure}\n${out}${err}")
  endif()
  if(configured)
    execute_process(COMMAND ${CMAKE_COMMAND} --build ${dir}
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    set(built FALSE)
    if(rc EQUAL 0)
      set(built TRUE)
    endif()
    if(NOT built STREQUAL expect_build)
      message(FATAL_ERROR "case ${name}: build ok=${built}, expected ${expect_build}\n${out}${err}")
    endif()
  endif()
  if(pattern AND NOT "${out}${err}" MATCHES "${pattern}")
    message(FATAL_ERROR "case ${name}: output does not mention '${pattern}'\n${out}${err}")
  endif()
  message(STATUS "case ${name}: as expected")
endfunction()

run_case(declared TRUE TRUE "")
run_case(undeclared TRUE FALSE "alpha/alpha.hpp.*(No such file|not found)")
run_case(later FALSE FALSE "dpipe_module\\(early\\) depends on dpipe_gamma")
