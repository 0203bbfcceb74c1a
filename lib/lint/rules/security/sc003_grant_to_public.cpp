// SC003 grant-to-public: `GRANT ... TO PUBLIC` in SQL or in a hook of a YAML file gives every
// role of the database access.

#include "lint/rules/security/security_rules.hpp"
#include "lint/rules/sql/sql_util.hpp"

namespace dpipe::lint::rules {
namespace {

bool word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool word_at(std::string_view t, std::size_t i, std::string_view w) {
    return iequal(t.substr(i, w.size()), w) && (i == 0 || !word_char(t[i - 1])) &&
           (i + w.size() >= t.size() || !word_char(t[i + w.size()]));
}

class GrantToPublic final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "SC003";
            i.name = "grant-to-public";
            i.family = Family::Security;
            i.default_severity = core::Severity::Error;
            i.summary = "A GRANT to PUBLIC, which gives every role of the database access";
            i.anti_pattern =
                "PUBLIC is every role, present and future: the relation is readable by any account, "
                "including service accounts of other teams.\n\n"
                "```yaml\nmodels:\n  +post-hook: \"grant select on {{ this }} to public\"\n```";
            i.best_practice =
                "Grant to the roles that need the data; dpipe's `infrastructure.grants: lineage` "
                "derives least-privilege roles from the lineage.\n\n"
                "```yaml\nmodels:\n  +grants:\n    select: [reporting]\n```";
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context&, const SqlUnit& unit, const RuleOptions&, Reporter& out) const override {
        scan(unit.path, unit.raw, out);
    }

    void check_project(const Context& ctx, const RuleOptions&, Reporter& out) const override {
        for (const auto& f : ctx.text_files()) {
            std::string_view p = f.path;
            if (p.size() > 4 && p.substr(p.size() - 4) != ".csv" && ctx.in_scope(f.path)) {
                scan(f.path, f.text, out);
            }
        }
    }

private:
    static void scan(std::string_view path, std::string_view t, Reporter& out) {
        for (std::size_t i = ifind(t, "grant"); i != std::string_view::npos; i = ifind(t, "grant", i + 5)) {
            if (!word_at(t, i, "grant")) {
                continue;
            }
            // The grant runs to ';', a quote that ends a YAML string, or a blank line.
            std::size_t end = i + 5;
            while (end < t.size() && t[end] != ';' && t[end] != '"' && !(t[end] == '\n' && end + 1 < t.size() && t[end + 1] == '\n')) {
                ++end;
            }
            for (std::size_t k = i + 5; k + 2 <= end; ++k) {
                if (!word_at(t, k, "to")) {
                    continue;
                }
                std::size_t j = k + 2;
                while (j < end && (t[j] == ' ' || t[j] == '\t' || t[j] == '\n' || t[j] == '\r')) {
                    ++j;
                }
                if (j < end && word_at(t, j, "public")) {
                    out.report(finding_in_text(path, t, i, "GRANT to PUBLIC gives every role access; grant to named roles"));
                    break;
                }
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_grant_to_public() { return std::make_unique<GrantToPublic>(); }

} // namespace dpipe::lint::rules
