// CF005 seed-column-case: Seed CSV column names differ only in case.

#include "lint/helpers.hpp"
#include "lint/rules/config/rules.hpp"

namespace dpipe::lint {

std::unique_ptr<Rule> make_cf005_seed_column_case() {
    return std::make_unique<DiagnosticRule>(
        rule_info("CF005", "seed-column-case", Family::Config, core::Severity::Warning,
                  "Seed CSV column names differ only in case",
                  "`Id,id,name` loads into a warehouse that folds case as two columns with one name: the load fails or one column is lost.",
                  "Give every seed column a distinct name: `id,legacy_id,name`."),
        std::vector<std::string>{"LD042"});
}

} // namespace dpipe::lint
