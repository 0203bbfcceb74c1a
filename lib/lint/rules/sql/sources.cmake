# Sources of the sql rules, relative to lib/lint; one rule per file.
list(APPEND DPIPE_LINT_SOURCES rules/sql/registry.cpp)
