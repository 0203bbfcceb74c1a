// CF003 duplicate-yaml-key: A key appears twice in a mapping of dbt_project.yml or a property file (the later value wins).

#include "lint/helpers.hpp"
#include "lint/rules/config/rules.hpp"

namespace dpipe::lint {

std::unique_ptr<Rule> make_cf003_duplicate_yaml_key() {
    return std::make_unique<DiagnosticRule>(
        rule_info("CF003", "duplicate-yaml-key", Family::Config, core::Severity::Warning,
                  "A key appears twice in a mapping of dbt_project.yml or a property file (the later value wins)",
                  "dbt accepts it, but only the last value counts, so the first one is dead text that readers trust:\n\n```yaml\n  - name: orders\n    description: Orders.\n    description: One row per order.\n```",
                  "Keep one key per mapping:\n\n```yaml\n  - name: orders\n    description: One row per order.\n```"),
        std::vector<std::string>{"LD040"});
}

} // namespace dpipe::lint
