#pragma once
// The graph rules: one factory per rule, each defined in its own file.

#include "lint/rule.hpp"

#include <memory>

namespace dpipe::lint {

std::unique_ptr<Rule> make_gr001_unknown_ref();
std::unique_ptr<Rule> make_gr002_unknown_source();
std::unique_ptr<Rule> make_gr003_duplicate_name();
std::unique_ptr<Rule> make_gr004_cycle();
std::unique_ptr<Rule> make_gr005_exposure_unknown_node();
std::unique_ptr<Rule> make_gr006_pipeline_selects_nothing();
std::unique_ptr<Rule> make_gr007_properties_without_sql();
std::unique_ptr<Rule> make_gr008_model_without_properties();
std::unique_ptr<Rule> make_gr009_unreachable_from_source();
std::unique_ptr<Rule> make_gr010_staging_reads_models();
std::unique_ptr<Rule> make_gr011_mart_reads_source();
std::unique_ptr<Rule> make_gr012_fan_out();
std::unique_ptr<Rule> make_gr013_fan_in();
std::unique_ptr<Rule> make_gr014_unused_source();
std::unique_ptr<Rule> make_gr015_disabled_node_referenced();

} // namespace dpipe::lint
