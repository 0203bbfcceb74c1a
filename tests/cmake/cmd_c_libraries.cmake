# cmake -DSOURCE=<repo root> -P cmd_c_libraries.cmake
# cmd/ wires options to library calls; only the adapters (lib/docker, lib/engine, lib/git) may
# include or call the C libraries (libcurl, SQLite, libpq, libgit2). Fails naming each offence.
file(GLOB_RECURSE files ${SOURCE}/cmd/*.cpp ${SOURCE}/cmd/*.hpp)
set(pattern "#include <(sqlite3|libpq-fe|curl/|git2)|(^|[^a-zA-Z0-9_:.>])(sqlite3_[a-z0-9_]+|PQ[a-zA-Z]+|curl_[a-z_]+|git_[a-z_]+)[ ]*\\(")
set(offences "")
foreach(f IN LISTS files)
  file(STRINGS ${f} lines REGEX "${pattern}")
  foreach(line IN LISTS lines)
    file(RELATIVE_PATH rel ${SOURCE} ${f})
    string(APPEND offences "\n  ${rel}: ${line}")
  endforeach()
endforeach()
if(offences)
  message(FATAL_ERROR "C library use outside the adapters:${offences}")
endif()
