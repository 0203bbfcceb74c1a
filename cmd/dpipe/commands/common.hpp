#pragma once
// Option wiring shared by several commands. No logic beyond turning flags into requests.

#include "cli.hpp"
#include "graph/selector.hpp"
#include "project/cache.hpp"
#include "project/snapshot.hpp"
#include "util/file_source.hpp"

#include <memory>
#include <string>
#include <vector>

namespace dpipe::cli::commands {

struct SelectionOptions {
    std::vector<std::string> select;
    std::vector<std::string> exclude;
    std::vector<std::string> resource_types;
    std::string vars; // --vars as a YAML (or JSON) mapping
    std::string rev;  // --rev REF: read the project at a git revision
};

void add_selection_options(CLI::App& sub, SelectionOptions& opts, bool with_resource_type);
// --rev REF, for commands that can read the project at a git revision.
void add_rev_option(CLI::App& sub, SelectionOptions& opts);

// A project opened for the staged pipeline: where its files come from (the working tree, or a
// git tree with --rev), its cache, and the request the stages take.
struct OpenProject {
    std::unique_ptr<util::FileSource> source;
    std::unique_ptr<project::Cache> cache;
    project::Request request;
    double cache_open_seconds = 0;
};

// Finds the project from -C (or the current directory), with --vars and --rev applied. Throws
// core::Error: exit 2 for a missing project or bad --vars, 3 when --rev needs git and there is
// no repository.
OpenProject open_project(const GlobalOptions& global, const SelectionOptions& opts);

// Prints the snapshot's diagnostics to stderr (warnings and errors; infos and the per-node SQL
// diagnostics with -v) and the one-line summary of nodes not analysed; saves the cache. Returns
// the exit code the command ends with: 2 when the project has errors, else 0. The command ends
// here: the snapshot and the open project go to util::keep_until_exit (not freed one by one).
int finish_project(const GlobalOptions& global, OpenProject&& open, project::Snapshot&& snapshot);

// Applies the selection or throws core::Error (exit 2) naming the bad selector.
std::vector<graph::NodeId> select_nodes(const graph::Graph& g, const SelectionOptions& opts);

// Writes `text`, with secrets masked (util::redact_in_place: not copied again when nothing is
// masked, so pass a large text with std::move), to stdout, or to `path` when it is not empty
// (util::write_file_atomic: whole or not at all). Throws core::Error (exit 2) naming stdout or
// the path when the write fails.
void emit(std::string text, const std::string& path);

// --vars as a JSON object: YAML, as dbt reads it ('{key: value}', 'key: value', JSON); exit 2
// when it is not a mapping or passes the limits of load::Limits.
core::Json parse_vars(const std::string& vars);

// --profiles-dir as an absolute folder ("" when not given); relative to -C when given. Throws
// core::Error (exit 2) when it is not a directory.
std::string profiles_dir(const GlobalOptions& global);

} // namespace dpipe::cli::commands
