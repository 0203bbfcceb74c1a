// GR006 pipeline-selects-nothing: a pipeline step whose selector matches no model.

#include "graph/selector.hpp"
#include "lint/helpers.hpp"
#include "lint/rules/graph/rules.hpp"

namespace dpipe::lint {

namespace {

class PipelineSelectsNothing : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = rule_info(
            "GR006", "pipeline-selects-nothing", Family::Graph, core::Severity::Error,
            "A pipeline step's selector matches no model, seed or snapshot",
            "```yaml\nsteps:\n  - name: build\n    select: tag:dialy\n```\n"
            "The step runs and builds nothing; the schedule and SLA watch an empty job.",
            "Select what the step is meant to build, and check it with `dpipe ls --select`:\n\n"
            "```yaml\n    select: tag:daily\n```");
        return k_info;
    }

    void check_project(const Context& ctx, const RuleOptions&, Reporter& out) const override {
        for (const auto& d : ctx.diagnostics()) {
            if (d.code == "GR006") {
                out.report(finding(d.loc, d.message, d.notes));
            }
        }
        for (const auto& p : ctx.project().pipelines) {
            for (const auto& step : p.steps) {
                if (step.select.empty()) {
                    continue;
                }
                auto sel = graph::select(ctx.graph(), step.select);
                if (!sel) {
                    continue; // reported above
                }
                bool any = false;
                for (graph::NodeId id : *sel) {
                    auto t = ctx.graph().node(id).type;
                    any = any || is_model_node(ctx.graph().node(id)) || t == graph::NodeType::Seed;
                }
                if (!any) {
                    out.report(finding(step.loc, "pipeline step '" + step.name + "' selects no model: '" +
                                                     step.select + "' matches nothing it can build"));
                }
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_gr006_pipeline_selects_nothing() { return std::make_unique<PipelineSelectsNothing>(); }

} // namespace dpipe::lint
