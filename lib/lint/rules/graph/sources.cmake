# Sources of the graph rules, relative to lib/lint; one rule per file.
list(APPEND DPIPE_LINT_SOURCES
  rules/graph/registry.cpp
  rules/graph/disabled_refs.cpp
  rules/graph/gr001_unknown_ref.cpp
  rules/graph/gr002_unknown_source.cpp
  rules/graph/gr003_duplicate_name.cpp
  rules/graph/gr004_cycle.cpp
  rules/graph/gr005_exposure_unknown_node.cpp
  rules/graph/gr006_pipeline_selects_nothing.cpp
  rules/graph/gr007_properties_without_sql.cpp
  rules/graph/gr008_model_without_properties.cpp
  rules/graph/gr009_unreachable_from_source.cpp
  rules/graph/gr010_staging_reads_models.cpp
  rules/graph/gr011_mart_reads_source.cpp
  rules/graph/gr012_fan_out.cpp
  rules/graph/gr013_fan_in.cpp
  rules/graph/gr014_unused_source.cpp
  rules/graph/gr015_disabled_node_referenced.cpp
)
