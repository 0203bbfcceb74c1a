// GR009 unreachable-from-source: a model that reads no source or seed, directly or upstream.

#include "lint/helpers.hpp"
#include "lint/rules/graph/rules.hpp"

namespace dpipe::lint {

namespace {

class UnreachableFromSource : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = rule_info(
            "GR009", "unreachable-from-source", Family::Graph, core::Severity::Warning,
            "A model reads no source or seed, directly or through its parents",
            "```sql\nselect * from analytics.raw_orders\n```\n"
            "A hard-coded table (or only constants) hides where the data comes from: lineage, freshness "
            "and impact analysis stop at this model.",
            "Declare the table as a source and read it with source():\n\n"
            "```sql\nselect * from {{ source('shop', 'raw_orders') }}\n```");
        return k_info;
    }

    void check_project(const Context& ctx, const RuleOptions&, Reporter& out) const override {
        const graph::Graph& g = ctx.graph();
        // reaches[id]: a source or seed is upstream; computed in topological order.
        std::vector<char> reaches(g.size(), 0);
        for (graph::NodeId id : g.topological_order()) {
            const graph::Node& n = g.node(id);
            if (n.type == graph::NodeType::Source || n.type == graph::NodeType::Seed) {
                reaches[id] = 1;
                continue;
            }
            for (graph::NodeId p : g.parents(id)) {
                reaches[id] = reaches[id] || reaches[p];
            }
        }
        for (graph::NodeId id : g.topological_order()) {
            const graph::Node& n = g.node(id);
            const core::Model* m = model_of(ctx, id);
            if (!is_model_node(n) || reaches[id] || m == nullptr || n.state.status == core::NodeStatus::RenderFailed) {
                continue;
            }
            // Only the first model of a chain: its children are unreachable because of it.
            bool parent_model = false;
            for (graph::NodeId p : g.parents(id)) {
                parent_model = parent_model || is_model_node(g.node(p));
            }
            if (!parent_model) {
                out.report(finding({n.path, 1, 1}, "model '" + n.name + "' reads no source or seed" +
                                                       (g.children(id).empty() ? "" : " (nor does anything built from it)")));
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_gr009_unreachable_from_source() { return std::make_unique<UnreachableFromSource>(); }

} // namespace dpipe::lint
