#pragma once
// The staged pipeline every command shares: a project snapshot from a file source.
//
//   load    files -> core::Project (documents applied, raw SQL, macros)     load()
//   render  Jinja -> SQL per model and singular test                         analyse()
//   parse   SQL -> AST per model: status and located diagnostics; the AST    analyse()
//           itself (with comments as trivia) only when Request::keep_scripts
//   graph   nodes and edges                                                  analyse()
//   columns column lineage, on demand (models that read `execute` compiled)   columns.hpp
//
// No stage throws on bad input. A file or a node that fails is marked (core::NodeState with a
// located reason, or a diagnostic for files) and everything else goes on; the diagnostics of every
// stage are collected in the snapshot. Errors (what dbt itself rejects: broken Jinja, an unknown
// ref, a cycle) make has_errors() true, and commands exit 2 after writing their full output.
//
// Render and parse results are cached by content (cache.hpp), so two snapshots of one
// repository (base and head) share the work of every unchanged model.

#include "core/diagnostic.hpp"
#include "core/project.hpp"
#include "graph/graph.hpp"
#include "project/relations.hpp"
#include "sql/parser.hpp"
#include "util/file_source.hpp"

#include <memory>
#include <string>
#include <vector>

namespace dpipe::project {

class Cache;
struct RenderSetup; // render_setup.hpp

struct Request {
    const util::FileSource* source = nullptr; // required; its root is the project folder
    std::string root;                         // the project folder as the user knows it
    core::Json cli_vars = core::Json::object(); // --vars, overriding project vars
    std::string target;       // --target ("" = the profile's target, else "dev")
    std::string profiles_dir; // --profiles-dir, absolute ("" = dbt's search order)
    RelationOptions relations;
    unsigned jobs = 0;       // threads; 0 = all cores
    Cache* cache = nullptr;  // load records, render and parse results by content; nullptr = none
    // Parse stage: keep every parsed script in the snapshot (Snapshot::model_scripts), for the
    // commands that read the SQL's tree (lint, column lineage). Off, a script is dropped once its
    // status is known, so commands that only need the graph (ls) stay small on large projects.
    bool keep_scripts = false;
};

// How many nodes a stage could not finish, for the one-line summary.
struct StageCounts {
    std::size_t models = 0;
    std::size_t not_rendered = 0;
    std::size_t not_parsed = 0;
    std::size_t not_traced = 0;
};

struct Snapshot {
    core::Project project;
    graph::Graph graph;
    RelationMap relations;
    std::string schema; // the target schema models render into
    // Every stage's diagnostics (errors included), sorted. Per-node parse warnings are also here;
    // node_diagnostic() tells them apart from the ones about files.
    std::vector<core::Diagnostic> diagnostics;
    // With Request::keep_scripts: the parsed script (AST, comments kept as trivia) of each model
    // and singular test whose SQL rendered, indexed like project.models and
    // project.singular_tests; null where nothing rendered. Empty without keep_scripts.
    std::vector<std::shared_ptr<const sql::Script>> model_scripts;
    std::vector<std::shared_ptr<const sql::Script>> test_scripts;
    std::vector<std::shared_ptr<const sql::Script>> analysis_scripts; // indexed like project.analyses
    // The macros and Jinja context analyse() rendered with (render_custom_test); null before.
    std::shared_ptr<const RenderSetup> render_setup;
    bool config_failed = false; // no configuration could be read: the snapshot has no nodes
    bool analysed = false;      // analyse() ran
    // Wall time of each stage run so far, in order: {"load", 0.41}, {"render+parse", 0.12}, ...
    std::vector<std::pair<std::string, double>> timings;

    bool has_errors() const;
    // The kept script of project.models[i], or nullptr (not kept, or not rendered).
    const sql::Script* model_script(std::size_t i) const {
        return i < model_scripts.size() ? model_scripts[i].get() : nullptr;
    }
    // The kept script of project.analyses[i], or nullptr.
    const sql::Script* analysis_script(std::size_t i) const {
        return i < analysis_scripts.size() ? analysis_scripts[i].get() : nullptr;
    }
    StageCounts counts() const;
};

// True for the diagnostics that only explain a node's status (SQL dpipe cannot parse, which dbt
// never parses): shown with -v, summarised otherwise.
bool node_diagnostic(const core::Diagnostic& d);

// Stage load: reads the project's files through req.source.
Snapshot load(const Request& req);

// Stages render, parse and graph, with req.relations deciding where ref() and source() point.
void analyse(Snapshot& snapshot, const Request& req);

// load() then analyse().
Snapshot build(const Request& req);

// The one line that says how many nodes could not be rendered, parsed or traced and how to see
// why (unless `verbose`: then the reasons are on screen); "" when every node is fine.
std::string summary_line(const StageCounts& counts, bool verbose = false);

} // namespace dpipe::project
