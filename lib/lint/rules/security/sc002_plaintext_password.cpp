// SC002 plaintext-password-in-config: a password-like key of a YAML or TOML file (profiles,
// dpipe.yaml, .dpipe.toml) with a literal value instead of an environment reference.

#include "lint/rules/security/secret_scan.hpp"
#include "lint/rules/security/security_rules.hpp"
#include "lint/rules/sql/sql_util.hpp"

namespace dpipe::lint::rules {
namespace {

class PlaintextPassword final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "SC002";
            i.name = "plaintext-password-in-config";
            i.family = Family::Security;
            i.default_severity = core::Severity::Error;
            i.summary = "A password written in plain text in a configuration file";
            i.anti_pattern =
                "Even a weak or local password in a committed profile is a leaked credential, and it "
                "teaches the next person to commit the production one.\n\n"
                "```yaml\noutputs:\n  dev:\n    type: postgres\n    password: hunter2\n```";
            i.best_practice =
                "Reference the environment: `${env:NAME}` in dpipe.yaml and .dpipe.toml, "
                "`{{ env_var('NAME') }}` in profiles.yml. dpipe resolves it at run time and redacts it "
                "from logs.\n\n"
                "```yaml\noutputs:\n  dev:\n    type: postgres\n    password: \"{{ env_var('PG_PASSWORD') }}\"\n```";
            return i;
        }();
        return k_info;
    }

    void check_project(const Context& ctx, const RuleOptions&, Reporter& out) const override {
        for (const auto& f : ctx.text_files()) {
            std::string_view p = f.path;
            auto ends = [&](std::string_view e) { return p.size() >= e.size() && p.substr(p.size() - e.size()) == e; };
            if ((ends(".yml") || ends(".yaml") || ends(".toml")) && ctx.in_scope(f.path)) {
                scan(f, out);
            }
        }
    }

private:
    // `key: value` (YAML) or `key = value` (TOML), one per line.
    static void scan(const TextFile& f, Reporter& out) {
        std::string_view t = f.text;
        std::size_t pos = 0;
        while (pos < t.size()) {
            std::size_t eol = t.find('\n', pos);
            if (eol == std::string_view::npos) {
                eol = t.size();
            }
            check_line(f, t, pos, eol, out);
            pos = eol + 1;
        }
    }

    static void check_line(const TextFile& f, std::string_view t, std::size_t b, std::size_t e, Reporter& out) {
        std::size_t i = b;
        while (i < e && (t[i] == ' ' || t[i] == '\t' || t[i] == '-')) {
            ++i;
        }
        if (i < e && (t[i] == '"' || t[i] == '\'')) {
            ++i;
        }
        std::size_t k = i;
        while (k < e && t[k] != ':' && t[k] != '=' && t[k] != ' ' && t[k] != '"' && t[k] != '\'') {
            ++k;
        }
        std::string_view key = t.substr(i, k - i);
        if (key.empty() || !is_password_key(key) || key.find('#') != std::string_view::npos) {
            return;
        }
        while (k < e && (t[k] == '"' || t[k] == '\'' || t[k] == ' ')) {
            ++k;
        }
        if (k >= e || (t[k] != ':' && t[k] != '=')) {
            return;
        }
        ++k;
        while (k < e && (t[k] == ' ' || t[k] == '\t')) {
            ++k;
        }
        std::size_t vb = k;
        std::size_t ve = e;
        if (vb < e && (t[vb] == '"' || t[vb] == '\'')) {
            std::size_t close = t.find(t[vb], vb + 1);
            ve = close != std::string_view::npos && close < e ? close : e;
            ++vb;
        } else {
            std::size_t hash = t.find(" #", vb);
            ve = hash != std::string_view::npos && hash < e ? hash : e;
            while (ve > vb && (t[ve - 1] == ' ' || t[ve - 1] == '\t' || t[ve - 1] == '\r')) {
                --ve;
            }
        }
        std::string_view value = t.substr(vb, ve - vb);
        if (value.empty() || value == "~" || iequal(value, "null") || value == "|" || value == ">" ||
            value[0] == '{' || value[0] == '&' || value[0] == '*' || is_placeholder(value)) {
            return;
        }
        out.report(finding_in_text(f.path, t, vb,
                                   "password in plain text under '" + std::string(key) +
                                       "'; use ${env:NAME} or {{ env_var('NAME') }}"));
    }
};

} // namespace

std::unique_ptr<Rule> make_plaintext_password() { return std::make_unique<PlaintextPassword>(); }

} // namespace dpipe::lint::rules
