// The config rules (lint::Family). One line per rule, in code order.

#include "lint/registry.hpp"

namespace dpipe::lint {

void register_config_rules(RuleList& out) {
    (void)out;
}

} // namespace dpipe::lint
