// CF004 duplicate-column: A column is declared twice in a property file (the later entry is merged over the earlier).

#include "lint/helpers.hpp"
#include "lint/rules/config/rules.hpp"

namespace dpipe::lint {

std::unique_ptr<Rule> make_cf004_duplicate_column() {
    return std::make_unique<DiagnosticRule>(
        rule_info("CF004", "duplicate-column", Family::Config, core::Severity::Warning,
                  "A column is declared twice in a property file (the later entry is merged over the earlier)",
                  "```yaml\ncolumns:\n  - name: id\n    description: Key.\n  - name: id\n    data_tests: [unique]\n```\nTwo entries for one column are merged field by field, which hides what the column really has.",
                  "Declare each column once:\n\n```yaml\ncolumns:\n  - name: id\n    description: Key.\n    data_tests: [unique]\n```"),
        std::vector<std::string>{"LD041"});
}

} // namespace dpipe::lint
