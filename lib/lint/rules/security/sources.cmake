# Sources of the security rules, relative to lib/lint; one rule per file.
list(APPEND DPIPE_LINT_SOURCES rules/security/registry.cpp)
