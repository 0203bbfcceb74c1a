# Sources of the graph rules, relative to lib/lint; one rule per file.
list(APPEND DPIPE_LINT_SOURCES rules/graph/registry.cpp)
