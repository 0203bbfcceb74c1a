// GR002 unknown-source: A source() call names a source table no property file declares.

#include "lint/helpers.hpp"
#include "lint/rules/graph/rules.hpp"

namespace dpipe::lint {

std::unique_ptr<Rule> make_gr002_unknown_source() {
    return std::make_unique<DiagnosticRule>(
        rule_info("GR002", "unknown-source", Family::Graph, core::Severity::Error,
                  "A source() call names a source table no property file declares",
                  "```sql\nselect * from {{ source('raw', 'ordres') }}\n```\ndbt refuses to compile the project.",
                  "Declare the table under `sources:` in a property file, or fix the name:\n\n```sql\nselect * from {{ source('raw', 'orders') }}\n```"),
        std::vector<std::string>{"GR002"}, [](const Context&, const core::Diagnostic& d) { return !is_yaml(d.loc.file); });
}

} // namespace dpipe::lint
