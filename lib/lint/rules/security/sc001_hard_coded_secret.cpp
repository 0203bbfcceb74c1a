// SC001 hard-coded-secret: a credential written into a file of the project (SQL, YAML, TOML,
// CSV): provider tokens, keys, private key blocks, JWTs, and high-entropy values assigned to
// secret-looking names. Findings name the kind and place, never the value.

#include "lint/rules/security/secret_scan.hpp"
#include "lint/rules/security/security_rules.hpp"
#include "lint/rules/sql/sql_util.hpp"

#include <algorithm>

namespace dpipe::lint::rules {
namespace {

bool is_config_text(std::string_view path) {
    auto ends = [&](std::string_view e) { return path.size() >= e.size() && path.substr(path.size() - e.size()) == e; };
    return ends(".yml") || ends(".yaml") || ends(".toml");
}

class HardCodedSecret final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "SC001";
            i.name = "hard-coded-secret";
            i.family = Family::Security;
            i.default_severity = core::Severity::Error;
            i.summary = "A credential (token, key, private key, password-like value) written into a project file";
            i.anti_pattern =
                "A secret committed to the repository is readable by everyone with access to it, "
                "forever (history keeps it), and ends up in CI logs and rendered SQL.\n\n"
                "```yaml\noutputs:\n  prod:\n    token: ghp_...36 characters...\n```";
            i.best_practice =
                "Revoke the secret, then read it from the environment: `${env:NAME}` in dpipe "
                "configuration, `{{ env_var('NAME') }}` in dbt files.\n\n"
                "```yaml\noutputs:\n  prod:\n    token: \"{{ env_var('GITHUB_TOKEN') }}\"\n```";
            i.options = {
                {"min_entropy", 30,
                 "Shannon entropy, in tenths of a bit per character (30 = 3.0), a value assigned to a "
                 "secret-looking name must reach"},
                {"min_length", 8, "shortest value assigned to a secret-looking name that is checked"},
            };
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context&, const SqlUnit& unit, const RuleOptions& opts, Reporter& out) const override {
        scan(unit.path, unit.raw, options(opts, false), out);
    }

    void check_project(const Context& ctx, const RuleOptions& opts, Reporter& out) const override {
        for (const auto& f : ctx.text_files()) {
            if (ctx.in_scope(f.path)) {
                scan(f.path, f.text, options(opts, is_config_text(f.path)), out);
            }
        }
    }

private:
    static SecretScanOptions options(const RuleOptions& opts, bool config) {
        SecretScanOptions o;
        o.entropy_threshold = static_cast<double>(opts.get_int("min_entropy")) / 10.0;
        o.min_length = static_cast<std::size_t>(std::max(1LL, opts.get_int("min_length")));
        o.skip_password_keys = config; // SC002 reports passwords in configuration
        return o;
    }

    static void scan(std::string_view path, std::string_view text, const SecretScanOptions& o, Reporter& out) {
        std::vector<SecretHit> hits;
        scan_secrets(text, o, hits);
        for (const auto& h : hits) {
            out.report(finding_in_text(path, text, h.offset,
                                       std::string(h.kind) + " hard-coded in the file; revoke it and read it from the "
                                                             "environment"));
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_hard_coded_secret() { return std::make_unique<HardCodedSecret>(); }

} // namespace dpipe::lint::rules
