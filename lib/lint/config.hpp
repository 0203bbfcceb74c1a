#pragma once
// The lint configuration: `lint:` in dpipe.yaml, then `[lint]` in .dpipe.toml over it.
//
//   lint:
//     rules:
//       ST003: off                       # off | on | info | warning (warn) | error | true | false
//       SQ010: error
//       GR012: { severity: warning, max_children: 15 }   # severity (or enabled) and options
//     include: ["models/**"]             # only these paths (globs, see glob.hpp)
//     exclude: ["models/legacy/**"]      # never these
//
// A rule is named by its code or its name. Unknown rules and options, and option values of the
// wrong type, are located errors (file:line:col of the key or value), never ignored.

#include "core/diagnostic.hpp"
#include "core/project.hpp"
#include "lint/registry.hpp"

#include <string>
#include <vector>

namespace dpipe::lint {

struct RuleSetting {
    bool enabled = true;
    core::Severity severity = core::Severity::Warning;
    core::Json options = core::Json::object(); // every declared option, defaults filled in
};

struct LintConfig {
    std::vector<RuleSetting> rules; // parallel to all_rules()
    std::vector<std::string> include;
    std::vector<std::string> exclude;
};

// The configuration of `project` (its configuration files re-read from project.sources_text for
// the locations). Problems are appended to `errors` (code "LN001", severity Error).
LintConfig read_config(const core::Project& project, std::vector<core::Diagnostic>& errors);

// Parses a severity word ("off", "warn", ...); false when it is none.
bool parse_severity(const core::Json& value, bool& enabled, core::Severity& severity);

} // namespace dpipe::lint
