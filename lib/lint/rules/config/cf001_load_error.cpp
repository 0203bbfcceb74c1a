// CF001 load-error: A project file cannot be read: YAML or TOML syntax, limits, encoding, malformed tests or seed headers.

#include "lint/helpers.hpp"
#include "lint/rules/config/rules.hpp"

namespace dpipe::lint {

std::unique_ptr<Rule> make_cf001_load_error() {
    return std::make_unique<DiagnosticRule>(
        rule_info("CF001", "load-error", Family::Config, core::Severity::Error,
                  "A project file cannot be read: YAML or TOML syntax, limits, encoding, malformed tests or seed headers",
                  "The loader skips a file it cannot read and goes on, so everything declared in it is missing:\n\n```yaml\nmodels:\n  - name: orders\n   description: bad indent\n```",
                  "Fix the file so that it parses; the finding points at the first problem:\n\n```yaml\nmodels:\n  - name: orders\n    description: good indent\n```"),
        std::vector<std::string>{"LD001", "LD002", "LD003", "LD004", "LD006", "LD007", "LD008", "LD009", "LD010", "LD015", "LD022", "LD023"});
}

} // namespace dpipe::lint
