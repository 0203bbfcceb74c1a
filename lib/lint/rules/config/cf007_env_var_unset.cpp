// CF007 env-var-unset: A ${env:NAME} reference names a variable that is not set.

#include "lint/helpers.hpp"
#include "lint/rules/config/rules.hpp"

namespace dpipe::lint {

std::unique_ptr<Rule> make_cf007_env_var_unset() {
    return std::make_unique<DiagnosticRule>(
        rule_info("CF007", "env-var-unset", Family::Config, core::Severity::Warning,
                  "A ${env:NAME} reference names a variable that is not set",
                  "```yaml\nconnection: { password: \"${env:PG_PASSWORD}\" }\n```\nwith PG_PASSWORD unset: the value stays the literal text and the connection fails later, far from the cause.",
                  "Set the variable where dpipe runs (CI secrets, a local .env loaded by your shell), or remove the reference."),
        std::vector<std::string>{"LD037"});
}

} // namespace dpipe::lint
