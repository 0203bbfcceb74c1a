// GR011 mart-reads-source: a mart reads a source directly, skipping staging.

#include "lint/helpers.hpp"
#include "lint/rules/graph/layers.hpp"
#include "lint/rules/graph/rules.hpp"

namespace dpipe::lint {

namespace {

class MartReadsSource : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = rule_info(
            "GR011", "mart-reads-source", Family::Graph, core::Severity::Warning,
            "A mart reads a source directly instead of a staging model",
            "```sql\n-- models/marts/fct_orders.sql\nselect * from {{ source('shop', 'orders') }}\n```\n"
            "The cleaning staging does (renames, casts, deduplication) is skipped or repeated here.",
            "Read the source's staging model:\n\n```sql\nselect * from {{ ref('stg_orders') }}\n```",
            marts_options());
        return k_info;
    }

    void check_project(const Context& ctx, const RuleOptions& opts, Reporter& out) const override {
        auto folders = opts.get_strings("marts_folders");
        auto prefixes = opts.get_strings("marts_prefixes");
        const graph::Graph& g = ctx.graph();
        for (graph::NodeId id = 0; id < g.size(); ++id) {
            const graph::Node& n = g.node(id);
            if (n.type != graph::NodeType::Model || !in_layer(n, folders, prefixes)) {
                continue;
            }
            const core::Model* m = model_of(ctx, id);
            for (graph::NodeId p : g.parents(id)) {
                const graph::Node& parent = g.node(p);
                if (parent.type != graph::NodeType::Source) {
                    continue;
                }
                core::SourceLoc loc{n.path, 1, 1};
                if (m != nullptr) {
                    for (const auto& s : m->rendered.sources) {
                        if (s.source_name + "." + s.table_name == parent.name) {
                            loc = s.loc;
                            break;
                        }
                    }
                }
                out.report(finding(loc, "mart '" + n.name + "' reads source '" + parent.name +
                                            "' directly; read its staging model"));
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_gr011_mart_reads_source() { return std::make_unique<MartReadsSource>(); }

} // namespace dpipe::lint
