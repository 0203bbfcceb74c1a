// The security rules (lint::Family). One line per rule, in code order.

#include "lint/registry.hpp"

namespace dpipe::lint {

void register_security_rules(RuleList& out) {
    (void)out;
}

} // namespace dpipe::lint
