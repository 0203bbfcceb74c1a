// The graph rules (lint::Family). One line per rule, in code order.

#include "lint/registry.hpp"

namespace dpipe::lint {

void register_graph_rules(RuleList& out) {
    (void)out;
}

} // namespace dpipe::lint
