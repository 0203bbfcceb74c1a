# Sources of the governance rules, relative to lib/lint; one rule per file.
list(APPEND DPIPE_LINT_SOURCES
  rules/governance/registry.cpp
)
