// GR010 staging-reads-models: a staging model reads something other than sources and seeds.

#include "lint/helpers.hpp"
#include "lint/rules/graph/layers.hpp"
#include "lint/rules/graph/rules.hpp"

namespace dpipe::lint {

namespace {

class StagingReadsModels : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = rule_info(
            "GR010", "staging-reads-models", Family::Graph, core::Severity::Warning,
            "A staging model reads another model instead of only sources and seeds",
            "```sql\n-- models/staging/stg_orders.sql\nselect * from {{ ref('fct_payments') }}\n```\n"
            "Staging is the one-to-one cleaned copy of a source; reading other models mixes layers and "
            "invites cycles.",
            "Read sources (and seeds) in staging, and join models in intermediate or marts:\n\n"
            "```sql\nselect * from {{ source('shop', 'orders') }}\n```",
            staging_options());
        return k_info;
    }

    void check_project(const Context& ctx, const RuleOptions& opts, Reporter& out) const override {
        auto folders = opts.get_strings("staging_folders");
        auto prefixes = opts.get_strings("staging_prefixes");
        const graph::Graph& g = ctx.graph();
        for (graph::NodeId id = 0; id < g.size(); ++id) {
            const graph::Node& n = g.node(id);
            if (n.type != graph::NodeType::Model || !in_layer(n, folders, prefixes)) {
                continue;
            }
            const core::Model* m = model_of(ctx, id);
            for (graph::NodeId p : g.parents(id)) {
                const graph::Node& parent = g.node(p);
                if (!is_model_node(parent)) {
                    continue;
                }
                core::SourceLoc loc{n.path, 1, 1};
                if (m != nullptr) {
                    for (const auto& r : m->rendered.refs) {
                        if (r.name == parent.name) {
                            loc = r.loc;
                            break;
                        }
                    }
                }
                out.report(finding(loc, "staging model '" + n.name + "' reads model '" + parent.name +
                                            "': staging reads only sources and seeds"));
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_gr010_staging_reads_models() { return std::make_unique<StagingReadsModels>(); }

} // namespace dpipe::lint
