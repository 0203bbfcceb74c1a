#pragma once
// The factories of the security rules (SC), one per rule file, listed in registry.cpp.

#include "lint/rule.hpp"

#include <memory>

namespace dpipe::lint::rules {

std::unique_ptr<Rule> make_hard_coded_secret();         // SC001
std::unique_ptr<Rule> make_plaintext_password();        // SC002
std::unique_ptr<Rule> make_grant_to_public();           // SC003
std::unique_ptr<Rule> make_system_catalog_read();       // SC004
std::unique_ptr<Rule> make_secret_env_var_in_model();   // SC005

} // namespace dpipe::lint::rules
