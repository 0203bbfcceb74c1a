// GR007 properties-without-sql: A property file describes a model, seed or column that does not exist.

#include "lint/helpers.hpp"
#include "lint/rules/graph/rules.hpp"

namespace dpipe::lint {

std::unique_ptr<Rule> make_gr007_properties_without_sql() {
    return std::make_unique<DiagnosticRule>(
        rule_info("GR007", "properties-without-sql", Family::Graph, core::Severity::Warning,
                  "A property file describes a model, seed or column that does not exist",
                  "```yaml\nmodels:\n  - name: stg_ordres\n```\nThe description and tests of a renamed or deleted model linger and test nothing.",
                  "Rename the entry with the model, or delete it with the model."),
        std::vector<std::string>{"LD020"});
}

} // namespace dpipe::lint
