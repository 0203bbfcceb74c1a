#pragma once
// Loads a dpipe project, or a plain dbt project, from the working tree into core::Project.
//
// Files read: dpipe.yaml and/or dbt_project.yml (dpipe.yaml wins where both set a value), the
// tool settings (user config.toml, then .dpipe.toml), SQL models and snapshots, property files
// (*.yml / *.yaml under model, seed, test and snapshot paths), seeds (*.csv), singular tests,
// generic test definitions (<test-path>/generic/, read as macros), macros, pipelines, and the
// installed packages under packages-install-path as projects of their own (their models, seeds,
// property files and macros under their own paths; packages.cpp). A snapshot file holds one
// snapshot per {% snapshot %} block. Files are read and parsed in
// parallel; the result is assembled in sorted path order, so it is deterministic.
//
// Every file is read through a util::FileSource (the working tree, a git tree at a revision, or
// memory), so the same loader serves `ls`, `ls --rev REF` and unit tests. Every file read is
// registered in project.sources_text under its project-relative path (the user config, read from
// disk, under its absolute path).
//
// dbt_project.yml is rendered as dbt renders it (Jinja env_var(), var() of --vars, target; not
// `vars:` nor hooks), and profiles.yml is found as dbt finds it (--profiles-dir,
// DBT_PROFILES_DIR, the project folder, ~/.dbt): the project's `profile:` and its target give
// project.target and, unless dpipe.yaml sets `dialect`, the dialect. Credentials in profiles.yml
// are registered with util's redactor and never kept (profiles.cpp).
//
// Loading never stops at a bad file: every problem is a located diagnostic in the result, and the
// rest of the project is loaded. Only a configuration that cannot be read (dbt_project.yml or
// dpipe.yaml broken) leaves the result without nodes (`config_failed`).

#include "core/diagnostic.hpp"
#include "core/project.hpp"
#include "load/document.hpp"
#include "util/file_source.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dpipe::load {

// Per-file load results kept by content between runs (lib/project's cache implements it). A key
// names everything that decides a file's result (its path, blob id and kind, the limits); the
// bytes are the loader's own record (record.hpp), opaque to the cache. find_record() returns
// nullopt when nothing is stored; a record that does not decode is treated as absent and stored
// again. Both are called from every reader thread.
class RecordCache {
public:
    virtual ~RecordCache() = default;
    virtual std::optional<std::string> find_record(const std::string& key) = 0;
    virtual void store_record(const std::string& key, std::string bytes) = 0;
};

struct LoadOptions {
    // Where the project's files come from; its root is the project folder. Required.
    const util::FileSource* source = nullptr;
    std::string root; // absolute project folder (for messages and Project::root)
    core::Json cli_vars = core::Json::object();  // --vars: win over dpipe.yaml and dbt vars
    Limits limits;
    unsigned jobs = 0;                           // reader threads; 0 = hardware concurrency
    // Tool settings given on the command line, in the .dpipe.toml shape
    // ({"output": {"format": "json"}, "lint": {"rules": {"ST003": "off"}}}); they win over
    // .dpipe.toml, which wins over the user config.toml.
    core::Json cli_settings = core::Json::object();
    // --target: the profile output (and dpipe.yaml environment) to use; "" = the profile's
    // `target:`, else "dev".
    std::string target;
    // --profiles-dir: an absolute folder holding profiles.yml; "" = dbt's search order.
    std::string profiles_dir;
    // Environment lookup for DBT_PROFILES_DIR, HOME and Jinja env_var() in dbt_project.yml and
    // profiles.yml; unset = the process environment (tests pass their own).
    std::function<std::optional<std::string>(const std::string&)> env;
    // Parsed and validated property files, pipelines and seed headers by content; nullptr = none.
    RecordCache* cache = nullptr;
};

// Searches `start` and its parents for dpipe.yaml, then (in a second pass) for
// dbt_project.yml. Throws core::Error(ExitCode::Usage) when neither is found.
std::filesystem::path find_project_root(const std::filesystem::path& start);

struct LoadResult {
    core::Project project;
    std::vector<core::Diagnostic> diagnostics; // errors, warnings and infos, sorted
    bool config_failed = false; // the configuration could not be read: no nodes were loaded
    bool has_errors() const;
};

LoadResult load_project(const LoadOptions& options);

// The project found from `start` (find_project_root) read from the working tree: load_project
// with a util::WorktreeSource. options.source and options.root are set by this function.
LoadResult load_worktree(const std::string& start, LoadOptions options = {});

} // namespace dpipe::load
