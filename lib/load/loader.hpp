#pragma once
// Loads a dpipe project, or a plain dbt project, from the working tree into core::Project.
//
// Files read: dpipe.yaml and/or dbt_project.yml (dpipe.yaml wins where both set a value), the
// tool settings (user config.toml, then .dpipe.toml), SQL models and snapshots, property files
// (*.yml / *.yaml under model, seed, test and snapshot paths), seeds (*.csv), singular tests,
// macros (also dbt_packages/<pkg>/macros), and pipelines. Files are read and parsed in
// parallel; the result is assembled in sorted path order, so it is deterministic.
//
// Every file read is registered in project.sources_text under its project-relative path (the
// user config under its absolute path). Any error-severity diagnostic makes load_project throw
// core::Error(ExitCode::Usage) carrying all diagnostics, sorted, with the source texts.

#include "core/diagnostic.hpp"
#include "core/project.hpp"
#include "load/document.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace dpipe::load {

struct LoadOptions {
    std::string start_dir;                       // "" = current directory
    core::Json cli_vars = core::Json::object();  // --vars: win over dpipe.yaml and dbt vars
    Limits limits;
    unsigned jobs = 0;                           // reader threads; 0 = hardware concurrency
    // Tool settings given on the command line, in the .dpipe.toml shape
    // ({"output": {"format": "json"}, "lint": {"rules": {"ST003": "off"}}}); they win over
    // .dpipe.toml, which wins over the user config.toml.
    core::Json cli_settings = core::Json::object();
};

// Searches `start` and its parents for dpipe.yaml, then (in a second pass) for
// dbt_project.yml. Throws core::Error(ExitCode::Usage) when neither is found.
std::filesystem::path find_project_root(const std::filesystem::path& start);

struct LoadResult {
    core::Project project;
    std::vector<core::Diagnostic> diagnostics; // warnings and infos, sorted
};

LoadResult load_project(const LoadOptions& options);

} // namespace dpipe::load
