// CF008 prod-without-gates: a production environment that promotion reaches without gates.

#include "lint/helpers.hpp"
#include "lint/rules/config/rules.hpp"
#include "util/strings.hpp"

#include <algorithm>

namespace dpipe::lint {

namespace {

class ProdWithoutGates : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = rule_info(
            "CF008", "prod-without-gates", Family::Config, core::Severity::Warning,
            "A production environment has no lint and test gates",
            "```yaml\nenvironments:\n  prod: { schema: analytics, promote_from: staging }\n```\n"
            "Anything promoted reaches production unchecked: a failing model or a red lint run ships.",
            "Gate production on lint and tests (and approvals where the team reviews releases):\n\n"
            "```yaml\n  prod: { schema: analytics, promote_from: staging,\n"
            "          gates: { lint: true, tests: true, approvals: 1 } }\n```",
            {{"environments", core::Json::array({"prod", "production"}),
              "names of the environments held to the rule"},
             {"required_gates", core::Json::array({"lint", "tests"}), "gates that must be true"}});
        return k_info;
    }

    void check_project(const Context& ctx, const RuleOptions& opts, Reporter& out) const override {
        auto names = opts.get_strings("environments");
        auto gates = opts.get_strings("required_gates");
        for (const auto& env : ctx.project().environments) {
            if (std::none_of(names.begin(), names.end(), [&](const std::string& n) { return util::iequals(n, env.name); })) {
                continue;
            }
            std::vector<std::string> missing;
            for (const auto& g : gates) {
                auto it = env.gates.find(g);
                bool on = it != env.gates.end() && (it->is_boolean() ? it->get<bool>() : !it->is_null());
                if (!on) {
                    missing.push_back(g);
                }
            }
            if (!missing.empty()) {
                out.report(finding(env.loc, "environment '" + env.name + "' has no " + util::join(missing, " and ") +
                                                (missing.size() == 1 ? " gate" : " gates")));
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_cf008_prod_without_gates() { return std::make_unique<ProdWithoutGates>(); }

} // namespace dpipe::lint
