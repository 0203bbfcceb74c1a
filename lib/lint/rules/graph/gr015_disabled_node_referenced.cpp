// GR015 disabled-node-referenced: an enabled model reads a disabled one.

#include "lint/helpers.hpp"
#include "lint/rules/graph/disabled_refs.hpp"
#include "lint/rules/graph/rules.hpp"

namespace dpipe::lint {

namespace {

class DisabledReferenced : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = rule_info(
            "GR015", "disabled-node-referenced", Family::Graph, core::Severity::Error,
            "An enabled model refers to a disabled one",
            "```sql\n-- models/legacy_orders.sql\n{{ config(enabled=false) }}\n"
            "-- models/orders.sql\nselect * from {{ ref('legacy_orders') }}\n```\n"
            "dbt fails to compile `orders`: a disabled model does not exist for ref().",
            "Enable the model again, or move the reader off it (and disable or delete the reader too).");
        return k_info;
    }

    void check_project(const Context& ctx, const RuleOptions&, Reporter& out) const override {
        for (const auto& r : refs_to_disabled(ctx)) {
            out.report(finding(r.loc, "ref('" + r.name + "') names a disabled model"));
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_gr015_disabled_node_referenced() { return std::make_unique<DisabledReferenced>(); }

} // namespace dpipe::lint
