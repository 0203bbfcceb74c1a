# Sources of the sql rules, relative to lib/lint; one rule per file.
list(APPEND DPIPE_LINT_SOURCES rules/sql/registry.cpp rules/sql/sql_util.cpp
  rules/sql/sq001_parse_error.cpp
  rules/sql/sq002_select_star_in_marts.cpp
  rules/sql/sq003_implicit_cross_join.cpp
  rules/sql/sq004_not_in_subquery.cpp
  rules/sql/sq005_equals_null.cpp
  rules/sql/sq006_hard_coded_relation.cpp
  rules/sql/sq007_ddl_dml_in_model.cpp
  rules/sql/sq008_order_by_without_limit.cpp
  rules/sql/sq009_union_without_all.cpp
  rules/sql/sq010_ambiguous_column.cpp
  rules/sql/sq011_duplicate_output_column.cpp
  rules/sql/sq012_unknown_upstream_column.cpp
  rules/sql/sq013_unguarded_division.cpp)
