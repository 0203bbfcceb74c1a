// GR003 duplicate-name: Two resources of the project share one name.

#include "lint/helpers.hpp"
#include "lint/rules/graph/rules.hpp"

namespace dpipe::lint {

std::unique_ptr<Rule> make_gr003_duplicate_name() {
    return std::make_unique<DiagnosticRule>(
        rule_info("GR003", "duplicate-name", Family::Graph, core::Severity::Error,
                  "Two resources of the project share one name",
                  "Two files `models/a/orders.sql` and `models/b/orders.sql`: `ref('orders')` is ambiguous and dbt refuses the project.",
                  "Give every model, seed, snapshot, exposure and pipeline a unique name (prefix by layer: stg_, int_, fct_)."),
        std::vector<std::string>{"GR003", "LD021"});
}

} // namespace dpipe::lint
