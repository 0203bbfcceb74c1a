// GR013 fan-in: A model reads more models, sources and seeds than the threshold.

#include "lint/helpers.hpp"
#include "lint/rules/graph/rules.hpp"

namespace dpipe::lint {

namespace {

class FanIn : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = rule_info(
            "GR013", "fan-in", Family::Graph, core::Severity::Warning, "A model reads more models, sources and seeds than the threshold", "A model that joins a dozen inputs is hard to review and to test, and breaks whenever any of them changes.", "Join in steps: intermediate models that each combine a few inputs, then the mart from those.",
            {{"max_parents", 8, "the largest number allowed"}});
        return k_info;
    }

    void check_project(const Context& ctx, const RuleOptions& opts, Reporter& out) const override {
        long long limit = opts.get_int("max_parents");
        for (const auto& [id, count] : models_over_degree(ctx.graph(), true, limit)) {
            const graph::Node& n = ctx.graph().node(id);
            out.report(finding({n.path, 1, 1}, "model '" + n.name + "' reads " + std::to_string(count) +
                                                   " models, sources and seeds (max_parents is " + std::to_string(limit) + ")"));
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_gr013_fan_in() { return std::make_unique<FanIn>(); }

} // namespace dpipe::lint
