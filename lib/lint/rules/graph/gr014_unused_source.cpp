// GR014 unused-source: a declared source table nothing reads.

#include "lint/helpers.hpp"
#include "lint/rules/graph/rules.hpp"

namespace dpipe::lint {

namespace {

class UnusedSource : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = rule_info(
            "GR014", "unused-source", Family::Graph, core::Severity::Warning,
            "A declared source table is read by no model, test or exposure",
            "```yaml\nsources:\n  - name: shop\n    tables:\n      - name: legacy_orders\n```\n"
            "with no `source('shop', 'legacy_orders')` anywhere: its freshness checks and docs describe nothing in use.",
            "Delete the declaration, or build the staging model that reads it.");
        return k_info;
    }

    void check_project(const Context& ctx, const RuleOptions&, Reporter& out) const override {
        const graph::Graph& g = ctx.graph();
        for (graph::NodeId id = 0; id < g.size(); ++id) {
            const graph::Node& n = g.node(id);
            if (n.type != graph::NodeType::Source) {
                continue;
            }
            bool used = false;
            for (graph::NodeId c : g.children(id)) {
                used = used || g.node(c).type != graph::NodeType::Test;
            }
            if (!used) {
                out.report(finding(n.loc, "source '" + n.name + "' is not read by any model or exposure"));
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_gr014_unused_source() { return std::make_unique<UnusedSource>(); }

} // namespace dpipe::lint
