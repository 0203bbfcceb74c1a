// GV004 undocumented-mart-columns: columns a mart outputs without a description.

#include "lint/helpers.hpp"
#include "lint/rules/governance/rules.hpp"
#include "lint/rules/graph/layers.hpp"
#include "project/columns.hpp"
#include "util/strings.hpp"

namespace dpipe::lint {

namespace {

class UndocumentedMartColumns : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i = rule_info(
                "GV004", "undocumented-mart-columns", Family::Governance, core::Severity::Warning,
                "A mart outputs columns that its properties do not describe",
                "Marts are what analysts and dashboards read; an undocumented column is guessed at, "
                "and a guess about `revenue` (gross? net? in cents?) ends up in a board deck.",
                "Describe every column a mart outputs:\n\n"
                "```yaml\ncolumns:\n  - name: revenue\n    description: Net revenue in dollars, refunds deducted.\n```",
                marts_options());
            i.uses_lineage = true;
            return i;
        }();
        return k_info;
    }

    void check_project(const Context& ctx, const RuleOptions& opts, Reporter& out) const override {
        auto folders = opts.get_strings("marts_folders");
        auto prefixes = opts.get_strings("marts_prefixes");
        const graph::Graph& g = ctx.graph();
        const project::ColumnLineage* lineage = nullptr;
        for (graph::NodeId id = 0; id < g.size(); ++id) {
            const graph::Node& n = g.node(id);
            const core::Model* m = model_of(ctx, id);
            if (n.type != graph::NodeType::Model || m == nullptr || !in_layer(n, folders, prefixes)) {
                continue;
            }
            std::vector<std::string> missing;
            for (const auto& c : m->columns) {
                if (c.description.empty()) {
                    missing.push_back(c.name);
                }
            }
            if (lineage == nullptr) {
                lineage = &ctx.lineage();
            }
            if (id < lineage->models.size() && lineage->models[id].analysed && !lineage->models[id].star_unresolved) {
                for (const auto& oc : lineage->models[id].columns) {
                    bool declared = false;
                    for (const auto& c : m->columns) {
                        declared = declared || util::iequals(c.name, oc.name);
                    }
                    if (!declared) {
                        missing.push_back(oc.name);
                    }
                }
            }
            if (!missing.empty()) {
                out.report(finding(m->properties_loc.valid() ? m->properties_loc : core::SourceLoc{m->path, 1, 1},
                                   "mart '" + m->name + "' has " + std::to_string(missing.size()) + " undocumented column" +
                                       (missing.size() == 1 ? "" : "s") + ": " + util::join(missing, ", ")));
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_gv004_undocumented_mart_columns() { return std::make_unique<UndocumentedMartColumns>(); }

} // namespace dpipe::lint
