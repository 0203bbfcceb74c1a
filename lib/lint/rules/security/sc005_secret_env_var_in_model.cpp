// SC005 secret-env-var-in-model: `env_var('..._PASSWORD')` (or a token, key, secret) in the SQL
// of a model or test: the secret's value is rendered into SQL that is compiled, logged and
// stored.

#include "lint/rules/security/security_rules.hpp"
#include "lint/rules/sql/sql_util.hpp"

namespace dpipe::lint::rules {
namespace {

class SecretEnvVarInModel final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "SC005";
            i.name = "secret-env-var-in-model";
            i.family = Family::Security;
            i.default_severity = core::Severity::Error;
            i.summary = "env_var() of a secret-looking variable in model or test SQL";
            i.anti_pattern =
                "The value of the variable becomes part of the rendered SQL: it is written to "
                "target/compiled files, query history and logs of the warehouse.\n\n"
                "```sql\nselect * from external_query('{{ env_var(\"DB_PASSWORD\") }}', 'select 1')\n```";
            i.best_practice =
                "Give credentials to the connection (profiles, `${env:NAME}`), never to the SQL; read "
                "only non-secret settings with env_var().\n\n"
                "```sql\nselect * from {{ source('crm', 'accounts') }}\n```";
            i.options = {{"words",
                          core::Json::array({"PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY",
                                             "PRIVATE_KEY", "CREDENTIAL", "PASSPHRASE", "ACCESS_KEY"}),
                          "parts of variable names that mark a secret"}};
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context&, const SqlUnit& unit, const RuleOptions& opts, Reporter& out) const override {
        if (!is_query_unit(unit) || !unit.has_jinja) {
            return;
        }
        const auto words = opts.get_strings("words");
        std::string_view t = unit.raw;
        for (std::size_t i = t.find("env_var"); i != std::string_view::npos; i = t.find("env_var", i + 7)) {
            std::size_t j = i + 7;
            while (j < t.size() && (t[j] == ' ' || t[j] == '\t')) {
                ++j;
            }
            if (j >= t.size() || t[j] != '(') {
                continue;
            }
            ++j;
            while (j < t.size() && (t[j] == ' ' || t[j] == '\t')) {
                ++j;
            }
            if (j >= t.size() || (t[j] != '\'' && t[j] != '"')) {
                continue;
            }
            std::size_t close = t.find(t[j], j + 1);
            if (close == std::string_view::npos) {
                continue;
            }
            std::string_view name = t.substr(j + 1, close - j - 1);
            for (const auto& w : words) {
                if (ifind(name, w) != std::string_view::npos) {
                    out.report(finding_in_text(unit.path, t, i,
                                               "env_var('" + std::string(name) +
                                                   "') puts a secret into the rendered SQL; pass credentials to "
                                                   "the connection instead"));
                    break;
                }
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_secret_env_var_in_model() { return std::make_unique<SecretEnvVarInModel>(); }

} // namespace dpipe::lint::rules
