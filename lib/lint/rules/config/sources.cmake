# Sources of the config rules, relative to lib/lint; one rule per file.
list(APPEND DPIPE_LINT_SOURCES rules/config/registry.cpp)
