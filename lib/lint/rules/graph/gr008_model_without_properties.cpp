// GR008 model-without-properties: a model no property file describes.

#include "lint/helpers.hpp"
#include "lint/rules/graph/rules.hpp"

namespace dpipe::lint {

namespace {

class ModelWithoutProperties : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = rule_info(
            "GR008", "model-without-properties", Family::Graph, core::Severity::Warning,
            "A model has no entry in any property file",
            "`models/marts/fct_refunds.sql` with no `- name: fct_refunds` under `models:` in a .yml file: "
            "no description, no tests, no column documentation.",
            "Add the model to the property file of its folder:\n\n"
            "```yaml\nmodels:\n  - name: fct_refunds\n    description: One row per refund.\n```");
        return k_info;
    }

    void check_project(const Context& ctx, const RuleOptions&, Reporter& out) const override {
        for (const auto& m : ctx.project().models) {
            if (m.enabled() && !m.properties_loc.valid()) {
                out.report(finding({m.path, 1, 1}, std::string(m.is_snapshot ? "snapshot" : "model") + " '" + m.name +
                                                       "' is not described in any property file"));
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_gr008_model_without_properties() { return std::make_unique<ModelWithoutProperties>(); }

} // namespace dpipe::lint
