# Sources of the style rules, relative to lib/lint; one rule per file.
list(APPEND DPIPE_LINT_SOURCES rules/style/registry.cpp)
