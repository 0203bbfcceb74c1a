// GR012 fan-out: A model is read by more models than the threshold.

#include "lint/helpers.hpp"
#include "lint/rules/graph/rules.hpp"

namespace dpipe::lint {

namespace {

class FanOut : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = rule_info(
            "GR012", "fan-out", Family::Graph, core::Severity::Warning, "A model is read by more models than the threshold", "One model feeding dozens of others is a bottleneck: every change to it needs every reader checked, and a slow build of it delays them all.", "Split it into smaller models by use, or put a stable interface model (a mart) between it and its readers.",
            {{"max_children", 10, "the largest number allowed"}});
        return k_info;
    }

    void check_project(const Context& ctx, const RuleOptions& opts, Reporter& out) const override {
        long long limit = opts.get_int("max_children");
        for (const auto& [id, count] : models_over_degree(ctx.graph(), false, limit)) {
            const graph::Node& n = ctx.graph().node(id);
            out.report(finding({n.path, 1, 1}, "model '" + n.name + "' is read by " + std::to_string(count) +
                                                   " models (max_children is " + std::to_string(limit) + ")"));
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_gr012_fan_out() { return std::make_unique<FanOut>(); }

} // namespace dpipe::lint
