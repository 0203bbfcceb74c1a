// GV002 model-without-description: a described model (it has properties) with no description.

#include "lint/helpers.hpp"
#include "lint/rules/governance/rules.hpp"

namespace dpipe::lint {

namespace {

class ModelWithoutDescription : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = rule_info(
            "GV002", "model-without-description", Family::Governance, core::Severity::Warning,
            "A model's properties have no description",
            "```yaml\nmodels:\n  - name: fct_orders\n    columns: [...]\n```\n"
            "Readers of the docs and of `dpipe plan` see a name and have to read the SQL to know what a row is.",
            "Say what one row is and what the model is for:\n\n"
            "```yaml\n  - name: fct_orders\n    description: One row per order, with its payments.\n```\n"
            "(A model with no properties at all is GR008.)");
        return k_info;
    }

    void check_project(const Context& ctx, const RuleOptions&, Reporter& out) const override {
        for (const auto& m : ctx.project().models) {
            if (m.enabled() && m.properties_loc.valid() && m.description.empty()) {
                out.report(finding(m.properties_loc, "model '" + m.name + "' has no description"));
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_gv002_model_without_description() { return std::make_unique<ModelWithoutDescription>(); }

} // namespace dpipe::lint
