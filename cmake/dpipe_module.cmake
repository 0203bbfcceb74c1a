# dpipe_module(name SOURCES... DEPS... PRIVATE_DEPS...): one static library dpipe_<name> per
# lib/<name>, called from that folder's CMakeLists.txt. DEPS are PUBLIC (their headers may appear
# in the module's headers); PRIVATE_DEPS are libraries only the module's sources include, such
# as the C libraries behind an adapter, whose headers dependents must not see.
#
# Layering is enforced by include paths: the module's folder is reachable only as
# ${CMAKE_BINARY_DIR}/modinc/<name>/<name> (a symlink to the folder), and that directory is
# the library's only PUBLIC include directory. A target therefore sees "<name>/x.hpp" only
# when it links dpipe_<name>, directly or through PUBLIC deps; including the header of a module
# that is not declared in DEPS fails to compile. DEPS is the one place a module's dependencies
# are written. Every dpipe_* dependency must already exist, so modules can depend only on
# modules added before them (the layering order of DPIPE_MODULES).
function(dpipe_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  if(M_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "dpipe_module(${name}): unexpected arguments ${M_UNPARSED_ARGUMENTS}")
  endif()
  foreach(dep IN LISTS M_DEPS M_PRIVATE_DEPS)
    if(dep MATCHES "^dpipe_" AND NOT TARGET ${dep})
      message(FATAL_ERROR "dpipe_module(${name}) depends on ${dep}, which is not a module added "
                          "before it: a module may depend only on modules earlier in the layering")
    endif()
  endforeach()
  set(inc ${CMAKE_BINARY_DIR}/modinc/${name})
  file(MAKE_DIRECTORY ${inc})
  file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR} ${inc}/${name} SYMBOLIC)
  add_library(dpipe_${name} STATIC ${M_SOURCES})
  target_include_directories(dpipe_${name} PUBLIC ${inc})
  target_link_libraries(dpipe_${name} PUBLIC ${M_DEPS} PRIVATE ${M_PRIVATE_DEPS})
  if(TARGET dpipe_warnings)
    target_link_libraries(dpipe_${name} PRIVATE dpipe_warnings)
  endif()
endfunction()
