#pragma once
// The governance rules: one factory per rule, each defined in its own file.

#include "lint/rule.hpp"

#include <memory>

namespace dpipe::lint {

std::unique_ptr<Rule> make_gv001_model_without_owner();
std::unique_ptr<Rule> make_gv002_model_without_description();
std::unique_ptr<Rule> make_gv003_model_without_primary_key();
std::unique_ptr<Rule> make_gv004_undocumented_mart_columns();
std::unique_ptr<Rule> make_gv005_pii_leak();

} // namespace dpipe::lint
