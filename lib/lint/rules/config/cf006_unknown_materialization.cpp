// CF006 unknown-materialization: A materialization is neither built in nor defined by a macro.

#include "lint/helpers.hpp"
#include "lint/rules/config/rules.hpp"

namespace dpipe::lint {

std::unique_ptr<Rule> make_cf006_unknown_materialization() {
    return std::make_unique<DiagnosticRule>(
        rule_info("CF006", "unknown-materialization", Family::Config, core::Severity::Warning,
                  "A materialization is neither built in nor defined by a macro",
                  "dbt only fails when the model runs:\n\n```sql\n{{ config(materialized='tabel') }}\n```",
                  "Use view, table, incremental, ephemeral, or a materialization a macro defines:\n\n```sql\n{{ config(materialized='table') }}\n```"),
        std::vector<std::string>{"LD043"});
}

} // namespace dpipe::lint
