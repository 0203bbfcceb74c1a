#pragma once
// Every lint rule, in code order. Each family registers its rules in
// lib/lint/rules/<family>/registry.cpp (an explicit list, one line per rule); this file is the
// only place the families are put together.

#include "lint/rule.hpp"

#include <memory>
#include <string_view>
#include <vector>

namespace dpipe::lint {

using RuleList = std::vector<std::unique_ptr<Rule>>;

// The family registration functions, one per lib/lint/rules/<family>/registry.cpp.
void register_config_rules(RuleList& out);
void register_graph_rules(RuleList& out);
void register_sql_rules(RuleList& out);
void register_style_rules(RuleList& out);
void register_governance_rules(RuleList& out);
void register_security_rules(RuleList& out);

// All rules, sorted by code; built once. Codes and names are checked unique (a duplicate is a
// programming error and aborts with a message naming it).
const RuleList& all_rules();

// The rule with this code ("SQ004") or name ("select-star-in-marts"), or nullptr.
const Rule* find_rule(std::string_view code_or_name);

} // namespace dpipe::lint
