// GV003 model-without-primary-key: no column tested unique and not_null, and no primary key constraint.

#include "lint/helpers.hpp"
#include "lint/rules/governance/rules.hpp"

#include <map>

namespace dpipe::lint {

namespace {

bool has_primary_key_constraint(const core::Json& config) {
    auto it = config.find("constraints");
    if (it == config.end() || !it->is_array()) {
        return false;
    }
    for (const auto& c : *it) {
        if (c.is_object() && c.value("type", "") == "primary_key") {
            return true;
        }
    }
    return false;
}

class ModelWithoutPrimaryKey : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = rule_info(
            "GV003", "model-without-primary-key", Family::Governance, core::Severity::Warning,
            "A model has no primary-key test: no column tested both unique and not_null, and no primary key constraint",
            "Without a tested key, a join that fans out duplicates rows unnoticed and every count downstream is wrong.",
            "Test the grain of the model:\n\n"
            "```yaml\ncolumns:\n  - name: order_id\n    data_tests: [unique, not_null]\n```\n"
            "or `dbt_utils.unique_combination_of_columns` for a compound key.",
            {{"materializations", core::Json::array({"table", "incremental", "view", "snapshot"}),
              "materializations held to the rule (ephemeral models have no rows of their own)"}});
        return k_info;
    }

    void check_project(const Context& ctx, const RuleOptions& opts, Reporter& out) const override {
        auto kinds = opts.get_strings("materializations");
        for (const auto& m : ctx.project().models) {
            std::string mat = m.is_snapshot ? "snapshot" : m.materialized();
            if (!m.enabled() || std::find(kinds.begin(), kinds.end(), mat) == kinds.end()) {
                continue;
            }
            std::map<std::string, int> tests; // column -> bit 1 unique, bit 2 not_null
            bool key = has_primary_key_constraint(m.config);
            for (const auto& t : m.tests) {
                std::string name = t.name;
                if (name == "unique" && !t.column.empty()) {
                    tests[t.column] |= 1;
                } else if (name == "not_null" && !t.column.empty()) {
                    tests[t.column] |= 2;
                } else if (name.find("unique_combination_of_columns") != std::string::npos ||
                           name.find("primary_key") != std::string::npos) {
                    key = true;
                }
            }
            for (const auto& [column, bits] : tests) {
                key = key || bits == 3;
            }
            if (!key) {
                out.report(finding(m.properties_loc.valid() ? m.properties_loc : core::SourceLoc{m.path, 1, 1},
                                   "model '" + m.name + "' has no primary-key test (unique and not_null on one column)"));
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_gv003_model_without_primary_key() { return std::make_unique<ModelWithoutPrimaryKey>(); }

} // namespace dpipe::lint
