#pragma once
// Every output of `dpipe lint`: text (GCC style with the source line and a caret, then a summary
// by severity and by rule), versioned JSON (schemas/lint-report.schema.json), SARIF 2.1.0,
// GitHub workflow commands with a Markdown step summary, and the rule documentation.

#include "core/source_registry.hpp"
#include "lint/engine.hpp"
#include "lint/fix.hpp"
#include "report/diagnostics.hpp"

#include <string>

namespace dpipe::report {

std::string lint_text(const lint::LintResult& r, const core::SourceRegistry* sources, const TextStyle& style);

// {"version": 1, "summary": {...}, "findings": [...]}.
std::string lint_json(const lint::LintResult& r);

// One SARIF 2.1.0 log with one run; rules metadata for every rule that ran or reported.
// `version` is dpipe's, `rules_uri` the base URL of docs/rules/ (helpUri = <base><CODE>.md).
// `sources` gives the source lines the fingerprints hash (may be null).
std::string lint_sarif(const lint::LintResult& r, const core::SourceRegistry* sources, const std::string& version,
                       const std::string& rules_uri);

// GitHub shows at most this many annotations of each kind (error, warning, notice) per step.
constexpr std::size_t k_github_annotations = 10;

struct GithubOutput {
    std::string commands; // ::error / ::warning / ::notice lines, at most 10 of each kind, then a count of the rest
    std::string summary;  // Markdown for $GITHUB_STEP_SUMMARY
};
GithubOutput lint_github(const lint::LintResult& r);

// What --fix changed, one line per file ("fixed 2 findings in models/x.sql").
std::string lint_fix_text(const lint::FixReport& fixes);

// --list-rules: one line per rule (code, name, default severity, fix, summary).
std::string lint_rules_text();
// The Markdown page of one rule (docs/rules/<CODE>.md) and the index (docs/rules/README.md).
std::string lint_rule_doc(const lint::RuleInfo& info);
std::string lint_rules_index();

} // namespace dpipe::report
