// The governance rules (lint::Family). One line per rule, in code order.

#include "lint/registry.hpp"
#include "lint/rules/governance/rules.hpp"

namespace dpipe::lint {

void register_governance_rules(RuleList& out) {
}

} // namespace dpipe::lint
