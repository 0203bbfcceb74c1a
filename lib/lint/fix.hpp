#pragma once
// Safe fixes (--fix): the edits findings offer, applied to the files they are in.
//
// Per file all or nothing: the edits of every fixable finding in the file are checked (inside
// the file, not overlapping each other, not touching a Jinja tag `{{ }}`, `{% %}` or `{# #}`:
// an edit that does is dropped with its whole finding), applied to the bytes as read, and the
// file is written whole through a temporary file and a rename. A file that changed since it
// was read is left alone. `fix_project` loops lint -> fix until nothing changes (a few passes),
// so that running it again changes nothing.

#include "lint/engine.hpp"
#include "project/snapshot.hpp"

#include <string>
#include <vector>

namespace dpipe::lint {

struct FileFix {
    std::string path;      // project-relative
    std::size_t findings = 0; // findings fixed in it (over every pass)
    std::vector<std::string> codes; // their codes, sorted, unique
};

struct FixReport {
    std::vector<FileFix> files;      // sorted by path
    std::vector<std::string> errors; // files that could not be written, with the reason
    int passes = 0;
};

// The text of `text` with the fixes of `findings` (all in one file) applied; the findings
// applied are counted in `applied`. Returns `text` unchanged when none applies.
std::string apply_edits(std::string_view text, const std::vector<const Reported*>& findings, std::size_t& applied,
                        std::vector<std::string>& codes);

struct FixResult {
    project::Snapshot snapshot; // of the last pass: its findings are what remains
    LintResult result;
    FixReport report;
};

// Lints the project at `request`, applies the safe fixes under `root` (the working tree), and
// repeats up to `max_passes` times while something changed. Files are only written under root.
FixResult fix_project(const project::Request& request, const std::string& root, const LintOptions& opts,
                      int max_passes = 4);

} // namespace dpipe::lint
