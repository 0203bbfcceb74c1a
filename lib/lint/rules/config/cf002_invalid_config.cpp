// CF002 invalid-config: A dpipe file breaks its schema: unknown keys, wrong types, bad schedules, durations or freeze windows.

#include "lint/helpers.hpp"
#include "lint/rules/config/rules.hpp"

namespace dpipe::lint {

std::unique_ptr<Rule> make_cf002_invalid_config() {
    return std::make_unique<DiagnosticRule>(
        rule_info("CF002", "invalid-config", Family::Config, core::Severity::Error,
                  "A dpipe file breaks its schema: unknown keys, wrong types, bad schedules, durations or freeze windows",
                  "A key dpipe does not know is never used, usually a typo that silently drops a setting:\n\n```yaml\nenvironments:\n  prod: { shcema: analytics }\n```",
                  "Write the keys and values the schema (schemas/dpipe.schema.json) describes; editors validate it as you type:\n\n```yaml\nenvironments:\n  prod: { schema: analytics }\n```"),
        std::vector<std::string>{"LD005", "LD011", "LD012", "LD013", "LD014", "LD030", "LD031", "LD032", "LD033", "LD034", "LD035", "LD036"});
}

} // namespace dpipe::lint
