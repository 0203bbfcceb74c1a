// GR005 exposure-unknown-node: An exposure or a property file depends on a node that does not exist.

#include "lint/helpers.hpp"
#include "lint/rules/graph/rules.hpp"

namespace dpipe::lint {

std::unique_ptr<Rule> make_gr005_exposure_unknown_node() {
    return std::make_unique<DiagnosticRule>(
        rule_info("GR005", "exposure-unknown-node", Family::Graph, core::Severity::Error,
                  "An exposure or a property file depends on a node that does not exist",
                  "```yaml\nexposures:\n  - name: revenue_dashboard\n    depends_on: [ref('fct_revenue_old')]\n```\nThe dashboard's lineage and owners cannot be traced.",
                  "Point depends_on at existing models or sources:\n\n```yaml\n    depends_on: [ref('fct_revenue')]\n```"),
        std::vector<std::string>{"GR001", "GR002", "GR005"}, [](const Context&, const core::Diagnostic& d) { return is_yaml(d.loc.file); });
}

} // namespace dpipe::lint
