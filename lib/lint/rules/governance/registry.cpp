// The governance rules (lint::Family). One line per rule, in code order.

#include "lint/registry.hpp"
#include "lint/rules/governance/rules.hpp"

namespace dpipe::lint {

void register_governance_rules(RuleList& out) {
    out.push_back(make_gv001_model_without_owner());
    out.push_back(make_gv002_model_without_description());
    out.push_back(make_gv003_model_without_primary_key());
    out.push_back(make_gv004_undocumented_mart_columns());
    out.push_back(make_gv005_pii_leak());
}

} // namespace dpipe::lint
