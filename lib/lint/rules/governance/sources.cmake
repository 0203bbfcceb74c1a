# Sources of the governance rules, relative to lib/lint; one rule per file.
list(APPEND DPIPE_LINT_SOURCES
  rules/governance/registry.cpp
  rules/governance/gv001_model_without_owner.cpp
  rules/governance/gv002_model_without_description.cpp
  rules/governance/gv003_model_without_primary_key.cpp
  rules/governance/gv004_undocumented_mart_columns.cpp
  rules/governance/gv005_pii_leak.cpp
)
