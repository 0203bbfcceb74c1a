#pragma once
// `dpipe plan`: the impact of a change, from git alone. Two project snapshots (the merge base and
// head, see git/changes.hpp) are compared node by node and every change is classified with
// column lineage:
//
//   breaking      a column something downstream reads was removed, renamed or derived
//                 differently; the filters, joins or grouping of a node with dependants changed;
//                 or the SQL changed in a way lineage cannot pin to columns while something
//                 downstream reads the node
//   non_breaking  columns added, or changes only to columns nobody downstream reads
//   metadata      descriptions, meta, docs, owners: nothing a build would do differently
//
// Nodes are matched by unique id; a node whose id disappeared and another that appeared are one
// moved node when git saw the file renamed or the file content is identical. A node whose
// rendered SQL is unchanged up to whitespace and comments (core::Rendered::content_hash) has no
// logic change, so whitespace- and comment-only edits change nothing. A node whose rendered SQL
// changed while its file did not was changed by a macro, var or env_var it uses.
//
// Everything here is data; rendering is in render.hpp. Nothing is printed.

#include "core/project.hpp"
#include "git/changes.hpp"
#include "project/cache.hpp"
#include "project/columns.hpp"
#include "project/snapshot.hpp"
#include "util/result.hpp"

#include <string>
#include <vector>

namespace dpipe::plan {

// Version of the JSON output (schemas/plan-report.schema.json).
inline constexpr int k_json_version = 1;

enum class ChangeKind { Added, Removed, Modified, Moved };
enum class Classification { Breaking, NonBreaking, Metadata };

const char* to_string(ChangeKind kind);  // "added", "removed", "modified", "moved"
const char* to_string(Classification c); // "breaking", "non_breaking", "metadata"

// One column of a changed node.
struct ColumnChange {
    std::string column;   // the name in base (in head for "added")
    std::string change;   // "added", "removed", "renamed", "expression"
    std::string new_name; // "renamed" only
    // Downstream readers in base: "stg_orders.amount" (a column derived from it) or
    // "orders (filter)" (read to filter, join or group). Empty: nobody reads it.
    std::vector<std::string> read_by;
};

// A node reached from a change, with its distance (edges) from the nearest changed node.
struct ImpactedNode {
    std::string unique_id;
    std::string name;
    std::string type; // graph::node_type_name
    std::string path;
    std::string owner;
    int distance = 0;
    std::string via; // unique id of the changed node it is reached from
};

struct NodeChange {
    std::string unique_id;
    std::string name;
    std::string type; // graph::node_type_name
    std::string path;
    std::string old_unique_id; // moved: the id in base
    std::string old_path;      // moved: the path in base
    ChangeKind kind = ChangeKind::Modified;
    // What changed: "logic", "config", "columns", "tests", "metadata", "data" (seed rows).
    std::vector<std::string> facets;
    std::vector<std::string> details; // one line each, e.g. "materialized: view -> table"
    Classification classification = Classification::NonBreaking;
    std::string reason; // one sentence saying why it is classified so
    std::vector<ColumnChange> columns;
    std::vector<ImpactedNode> downstream; // in head (base for removed nodes), nearest first
    std::string owner;
};

struct Owner {
    std::string who;              // "@acme/data", "jane@example.com", "Finance team"
    std::vector<std::string> why; // "owns model stg_orders", "CODEOWNERS models/staging/ ..."
};

struct Plan {
    std::string base_ref;
    std::string base_commit;
    std::string head_ref; // "" for the working tree
    std::string head_commit;
    bool working_tree = true;
    std::size_t files_changed = 0;
    // Changed files that changed no node (whitespace- or comment-only edits, unread files).
    std::vector<std::string> files_without_effect;
    // Breaking first, then non-breaking, then metadata; each by kind, then unique id.
    std::vector<NodeChange> changes;
    // Everything downstream of a change that did not change itself, nearest first.
    std::vector<ImpactedNode> impacted;
    std::vector<ImpactedNode> tests;     // tests to run: changed, on changed or impacted nodes
    std::vector<ImpactedNode> exposures; // exposures changed or impacted
    std::vector<ImpactedNode> pipelines; // pipelines changed or impacted
    std::vector<Owner> owners;           // to notify, sorted by who
    // Edges (parent, child unique ids) among changed and impacted nodes, for pictures.
    std::vector<std::pair<std::string, std::string>> edges;
    // A selector for `dpipe test --select`: the changed models and what is downstream of them.
    std::string selector;
    // The head snapshot could not be fully analysed: a note for the reader.
    std::vector<std::string> notes;

    std::size_t count(Classification c) const;
    std::size_t count(ChangeKind k) const;
};

// One side of the comparison.
struct Side {
    const project::Snapshot* snapshot = nullptr;
    const project::ColumnLineage* lineage = nullptr;
};

struct CompareInput {
    Side base;
    Side head;
    const git::ChangeSet* changes = nullptr; // may be null (no file-level facts then)
    std::string codeowners;                  // CODEOWNERS text, "" when none
    std::string project_path;                // project folder relative to the repository
};

// Compares two analysed snapshots with their column lineage. Pure. Node pairs whose inputs did
// not change (by the change set, the rendered SQL hash and the config) are skipped without
// building their facts. Of the base lineage it reads only the nodes base_nodes_to_trace lists.
Plan compare(const CompareInput& input);

// The base nodes whose column lineage compare() reads (the pairs that may have changed, the
// removed nodes, and the children that read them), indexed by NodeId, for
// project::column_lineage's `only`. The lineage in `input` is not read.
std::vector<bool> base_nodes_to_trace(const CompareInput& input);

struct PlanRequest {
    std::string project_dir;
    std::string base; // --base, "" for the default branch
    std::string head; // --head, "" for the working tree
    core::Json cli_vars = core::Json::object();
    std::string target;       // --target ("" = the profile's)
    std::string profiles_dir; // --profiles-dir, absolute ("" = dbt's search order)
    project::Cache* cache = nullptr; // shared by both snapshots; nullptr: one in memory
    unsigned jobs = 0;
    // Keep head's parsed trees (project::Request::keep_scripts), for a caller that goes on to
    // lint PlanRun::head rather than load head once more.
    bool keep_head_scripts = false;
};

struct PlanError {
    std::string message;        // a sentence naming the revision or folder
    bool no_repository = false; // the project is in no git repository
};

// What make_plan produced. The snapshots stay alive for the caller's diagnostics.
struct PlanRun {
    Plan plan;
    project::Snapshot base;
    project::Snapshot head;
    project::ColumnLineage base_lineage;
    project::ColumnLineage head_lineage;
    git::ChangeSet changes;
    bool base_missing = false; // the project folder did not exist at the merge base
};

// Finds the changes (git::find_changes), loads base and head sharing one render cache, traces
// both and compares them. CODEOWNERS is read as GitHub applies it to a pull request: from the tip
// of the base branch; when the base has none, as head has it (the working tree, or the head
// revision with --head). A base whose configuration cannot be read gives a base snapshot with
// config_failed set (every head node then looks added), not an error. Errors: every git error (shallow clone, unknown revision, no
// repository), with lib/git's message.
util::Result<PlanRun, PlanError> make_plan(const PlanRequest& request);

// What `dpipe test --changed` builds and tests, by unique id (sorted): every node that changed in
// a way a build sees (not removed, not metadata-only) and everything downstream of those changes
// (plan.impacted, tests included). The unchanged models, seeds and sources they need upstream are
// not listed: the runner adds them as it adds a selection's ancestors. Empty: nothing to test.
std::vector<std::string> nodes_to_test(const Plan& plan);

// What `dpipe lint --changed` lints, as project-relative paths (sorted, unique): every file the
// change touched (deleted ones too: they select nothing), and the file of every model, seed and
// snapshot that changed (not removed) or is impacted downstream; the lint engine takes a listed
// model's or seed's property entry with its file. The unchanged nodes upstream, which
// nodes_to_test leaves to the runner, are not linted, nor tests, exposures and pipelines that
// only the change's impact reaches.
std::vector<std::string> files_to_lint(const PlanRun& run);

} // namespace dpipe::plan
