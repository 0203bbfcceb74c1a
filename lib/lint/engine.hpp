#pragma once
// The lint engine: builds one Context from a project snapshot (the parse stage's trees, kept with
// project::Request::keep_scripts: nothing is parsed again; the other text files read once), runs every enabled rule (whole-project checks and
// per-file checks, in parallel), then applies the configured severities, the path scope and the
// inline suppressions (suppress.hpp), and sorts. Never prints, never writes files.

#include "core/diagnostic.hpp"
#include "lint/config.hpp"
#include "lint/context.hpp"
#include "lint/rule.hpp"
#include "project/columns.hpp"
#include "project/snapshot.hpp"
#include "util/file_source.hpp"

#include <optional>
#include <string>
#include <vector>

namespace dpipe::lint {

// A finding with the rule that made it and the severity it has in this project.
struct Reported {
    std::string code;      // "GR001"
    std::string rule_name; // "unknown-ref"
    core::Severity severity = core::Severity::Warning;
    Finding finding;
};

struct LintOptions {
    // Project-relative files or folders (PATH arguments): findings only in these; empty: all.
    // Whole-project rules still see the whole project.
    std::vector<std::string> paths;
    // --changed: the project-relative files a change concerns (plan::files_to_lint: those it
    // touched and those of the nodes it changed or impacts); findings only in these, and in the
    // property entries of the models, snapshots and seeds whose file is listed.
    std::optional<std::vector<std::string>> changed;
    std::vector<std::string> only_rules;    // --rule: codes or names; empty: every enabled rule
    std::vector<std::string> exclude_rules; // --exclude-rule
    unsigned jobs = 0;                      // threads; 0 = all cores
};

struct LintResult {
    std::vector<Reported> findings;              // sorted by file, line, column, code
    std::vector<core::Diagnostic> config_errors; // bad lint configuration or --rule (exit 2)
    std::size_t suppressed = 0;                  // findings dropped by inline suppressions
    std::size_t files = 0;                       // files in scope
    std::size_t rules = 0;                       // rules run
    std::vector<std::string> rule_codes;         // their codes, in code order
};

class Engine {
public:
    // `snapshot` built with project::Request::keep_scripts (without it, no SQL rule sees a tree).
    // `source` is where the snapshot's files came from (for the text files the loader did not
    // keep). The snapshot is not const only because column lineage refines node states.
    // `lineage`: the snapshot's column lineage when the caller already computed it
    // (project::column_lineage on this very snapshot); nullopt: computed here when a rule needs it.
    static LintResult run(project::Snapshot& snapshot, const util::FileSource& source, const LintOptions& opts,
                          std::optional<project::ColumnLineage> lineage = std::nullopt);

private:
    static void build_context(Context& ctx, project::Snapshot& snapshot, const util::FileSource& source,
                              const std::function<bool(std::string_view)>& scope, unsigned jobs);
};

// The project-relative form of a file or folder given on the command line (`arg` relative to
// `cwd` unless absolute), or "" when it is outside `root`. "." and the root itself give "".
std::optional<std::string> project_path(const std::string& root, const std::string& cwd, const std::string& arg);

} // namespace dpipe::lint
