# Sources of the config rules, relative to lib/lint; one rule per file.
list(APPEND DPIPE_LINT_SOURCES
  rules/config/registry.cpp
  rules/config/cf001_load_error.cpp
  rules/config/cf002_invalid_config.cpp
  rules/config/cf003_duplicate_yaml_key.cpp
  rules/config/cf004_duplicate_column.cpp
  rules/config/cf005_seed_column_case.cpp
  rules/config/cf006_unknown_materialization.cpp
  rules/config/cf007_env_var_unset.cpp
  rules/config/cf008_prod_without_gates.cpp
  rules/config/cf009_unused_suppression.cpp
  rules/config/cf010_jinja_error.cpp
  rules/config/cf011_skipped_file.cpp
  rules/config/cf012_seed_header_renamed.cpp
)
