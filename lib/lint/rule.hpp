#pragma once
// The lint rule interface. A rule is a small class with static metadata (RuleInfo) and one or
// two checks; it reads what the staged pipeline already produced (lib/project's Snapshot, the
// parsed SQL of each file, column lineage on demand) through a Context and reports Findings.
// Rules never parse, read files or print: the engine (engine.hpp) does, once, for all of them.
//
// One rule per file under lib/lint/rules/<family>/, registered in that family's registry.cpp.

#include "core/diagnostic.hpp"
#include "core/project.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::lint {

class Context;
struct SqlUnit;

enum class Family : unsigned char { Config, Graph, Sql, Style, Governance, Security };

// "CF", "GR", "SQ", "ST", "GV", "SC": the prefix of every code of the family.
const char* family_prefix(Family f);
// "config", "graph", "sql", "style", "governance", "security".
const char* family_name(Family f);

// One option of a rule. The type of `default_value` (bool, integer, string, or array of strings)
// is the type configuration must give; anything else is a located configuration error.
struct OptionSpec {
    std::string name;         // snake_case, e.g. "max_length"
    core::Json default_value; // also documents the type
    std::string help;         // one line
};

struct RuleInfo {
    std::string code;          // e.g. "SQ004": family prefix + three digits, unique
    std::string name;          // kebab-case, unique, e.g. "select-star-in-marts"
    Family family = Family::Sql;
    core::Severity default_severity = core::Severity::Warning;
    std::string summary;       // one line, no final period: what the rule finds
    std::string anti_pattern;  // Markdown: what is wrong and why, with a short example
    std::string best_practice; // Markdown: what to do instead, with the fixed example
    bool has_fix = false;      // offers a safe fix (Finding::fix) for every finding it can fix
    std::vector<OptionSpec> options;
    // Calls Context::lineage(): the engine then computes column lineage once, before any check
    // runs, instead of on first use from a check (lineage marks untraceable models).
    bool uses_lineage = false;
    // Off unless configuration turns it on (for rules that only fit some projects).
    bool default_enabled = true;
};

// A replacement of bytes [begin, end) of a file's text as read from the project's FileSource
// (raw file bytes, not rendered SQL). Edits of one fix must not overlap.
struct Edit {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string replacement;
};

// What a rule reports. The engine fills in the code and the configured severity, applies
// suppressions and the path filters, and sorts.
struct Finding {
    core::SourceLoc loc;            // file:line:col in the project's own files
    std::string message;            // one sentence, no final period, no secret values
    std::vector<std::string> notes; // extra lines (e.g. a lineage path), shown after the excerpt
    std::vector<Edit> fix;          // safe fix in loc.file; empty when none is offered
};

// Receives findings. Safe to call from several threads.
class Reporter {
public:
    virtual ~Reporter() = default;
    virtual void report(Finding f) = 0;
};

// The options of one rule, as configured (defaults filled in, types already validated).
class RuleOptions {
public:
    RuleOptions() = default;
    explicit RuleOptions(core::Json values) : m_values(std::move(values)) {}
    bool get_bool(std::string_view name) const;
    long long get_int(std::string_view name) const;
    std::string get_string(std::string_view name) const;
    std::vector<std::string> get_strings(std::string_view name) const;
    const core::Json& values() const { return m_values; }

private:
    const core::Json& at(std::string_view name) const; // throws std::logic_error: a rule bug
    core::Json m_values = core::Json::object();
};

class Rule {
public:
    virtual ~Rule() = default;
    virtual const RuleInfo& info() const = 0;
    // Whole-project checks (graph, config, governance). Called once.
    virtual void check_project(const Context& ctx, const RuleOptions& opts, Reporter& out) const;
    // Per-file checks of SQL (models, singular tests, analyses, snapshots, macros). Called for
    // every unit in scope, possibly from several threads at once: must not keep state.
    virtual void check_unit(const Context& ctx, const SqlUnit& unit, const RuleOptions& opts,
                            Reporter& out) const;
};

} // namespace dpipe::lint
