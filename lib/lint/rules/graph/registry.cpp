// The graph rules (lint::Family). One line per rule, in code order.

#include "lint/registry.hpp"
#include "lint/rules/graph/rules.hpp"

namespace dpipe::lint {

void register_graph_rules(RuleList& out) {
    out.push_back(make_gr001_unknown_ref());
    out.push_back(make_gr002_unknown_source());
    out.push_back(make_gr003_duplicate_name());
    out.push_back(make_gr004_cycle());
    out.push_back(make_gr005_exposure_unknown_node());
    out.push_back(make_gr006_pipeline_selects_nothing());
    out.push_back(make_gr007_properties_without_sql());
    out.push_back(make_gr008_model_without_properties());
    out.push_back(make_gr009_unreachable_from_source());
    out.push_back(make_gr010_staging_reads_models());
    out.push_back(make_gr011_mart_reads_source());
    out.push_back(make_gr012_fan_out());
    out.push_back(make_gr013_fan_in());
    out.push_back(make_gr014_unused_source());
    out.push_back(make_gr015_disabled_node_referenced());
}

} // namespace dpipe::lint
