// CF010 jinja-error: The Jinja of a SQL file cannot be rendered (unknown macro, bad syntax, failed call).

#include "lint/helpers.hpp"
#include "lint/rules/config/rules.hpp"

namespace dpipe::lint {

std::unique_ptr<Rule> make_cf010_jinja_error() {
    return std::make_unique<DiagnosticRule>(
        rule_info("CF010", "jinja-error", Family::Config, core::Severity::Error,
                  "A Jinja problem outside models and tests: a macro file that does not parse, or a template warning",
                  "A model that does not render has no SQL and no edges: nothing downstream of it can be checked.\n\n```sql\nselect {{ cents_to_dolars('amount') }} from {{ ref('payments') }}\n```",
                  "Fix the template; the finding points at the failing tag:\n\n```sql\nselect {{ cents_to_dollars('amount') }} from {{ ref('payments') }}\n```"),
        std::vector<std::string>{"TP001", "TP002", "TP003", "TP004", "TP005", "TP006", "TP010", "TP100", "TP101"},
        // A model or test that does not render is SQ001 (parse-error): only the rest here.
        [](const Context& ctx, const core::Diagnostic& d) {
            if (d.severity != core::Severity::Error) {
                return true;
            }
            for (const auto& u : ctx.units()) {
                if (u.path == d.loc.file && u.kind != SqlUnit::Kind::Macro) {
                    return false;
                }
            }
            return true;
        });
}

} // namespace dpipe::lint
