// The security rules (lint::Family). One line per rule, in code order.

#include "lint/registry.hpp"
#include "lint/rules/security/security_rules.hpp"

namespace dpipe::lint {

void register_security_rules(RuleList& out) {
    out.push_back(rules::make_hard_coded_secret());
    out.push_back(rules::make_plaintext_password());
    out.push_back(rules::make_grant_to_public());
    out.push_back(rules::make_system_catalog_read());
    out.push_back(rules::make_secret_env_var_in_model());
}

} // namespace dpipe::lint
