#pragma once
// The plan as text (terraform-plan-like), JSON (schemas/plan-report.schema.json) and Markdown
// (a mustache template, budgeted for a pull request comment). Strings only; nothing is printed.

#include "plan/plan.hpp"

#include <string>
#include <vector>

namespace dpipe::plan {

struct TextOptions {
    bool color = false; // ANSI colours (the caller decides: a TTY and no NO_COLOR)
};

// `+` added, `~` modified, `-` removed, `>` moved; breaking changes first, each with its reason,
// its columns and how far its impact reaches; then a summary line.
std::string render_text(const Plan& plan, const TextOptions& options = {});

// The versioned JSON document.
std::string render_json(const Plan& plan);

// The hidden marker that identifies dpipe's sticky comment.
inline constexpr const char* k_comment_marker = "<!-- dpipe:plan -->";

// Budget of the comment: GitHub refuses bodies above 65,536 characters.
inline constexpr std::size_t k_markdown_budget = 60'000;

// Most nodes drawn in the Mermaid picture.
inline constexpr std::size_t k_mermaid_max_nodes = 50;

struct MarkdownOptions {
    std::string template_text; // "" for the built-in templates/comment/plan.md.mustache
    std::size_t budget = k_markdown_budget;
};

struct MarkdownResult {
    std::string text;
    std::vector<std::string> cut; // the parts left out to stay within the budget
};

struct TemplateError {
    std::string message;
};

// Renders the template with the plan's data (see docs/plan.md for the names), starting with the
// marker. Over the budget, parts are dropped least important first (the details of impacted
// nodes, the picture, the test list, the owners, column readers) and the text says what was cut;
// as a last resort the text is truncated. Errors: a template mustache cannot parse.
util::Result<MarkdownResult, TemplateError> render_markdown(const Plan& plan,
                                                            const MarkdownOptions& options = {});

// The built-in template.
const std::string& default_template();

} // namespace dpipe::plan
