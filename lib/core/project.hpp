#pragma once
// The project model: everything dpipe knows about a repository after loading, independent of
// where it came from (working tree or a git revision). Free-form values (config, meta, test
// arguments) are kept as JSON. Paths are project-relative with forward slashes.

#include "core/source_loc.hpp"
#include "core/source_map.hpp"
#include "core/source_registry.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::core {

using Json = nlohmann::ordered_json;

// A generic data test declared in a property file (unique, not_null, accepted_values,
// relationships, or a package/custom test such as dbt_utils.expression_is_true).
struct TestSpec {
    std::string name;   // test name as written, e.g. "accepted_values" or "dbt_utils.at_least_one"
    std::string column; // empty for resource-level tests
    Json args = Json::object();   // e.g. {"values": [...]} or {"to": "ref('x')", "field": "id"}
    Json config = Json::object(); // where, severity, warn_if, error_if, limit, tags
    SourceLoc loc;
};

struct Column {
    std::string name;
    std::string data_type;
    std::string description;
    std::vector<std::string> tags;
    Json meta = Json::object();
    bool pii = false; // meta.pii: true, or tag "pii"
    SourceLoc loc;
};

// A call to ref() or source() found while rendering.
struct Ref {
    std::string package; // empty unless two-argument ref('pkg', 'name')
    std::string name;
    std::string version;
    SourceLoc loc;
};
struct SourceCall {
    std::string source_name;
    std::string table_name;
    SourceLoc loc;
};

// What rendering a SQL file yields (filled by lib/template; empty before).
struct Rendered {
    bool done = false;
    std::string sql;
    std::vector<Ref> refs;
    std::vector<SourceCall> sources;
    Json config = Json::object(); // values captured from config(...)
    std::string content_hash;     // of the SQL normalised for whitespace and comments
    SourceMap source_map;         // rendered offsets -> the template file (empty when not recorded)
    // It read `execute` (not in a ref()/source() override) or asked for a relation's columns: it may
    // differ when dbt compiles, so the column stage renders it again to compile (project/compile.hpp).
    bool reads_execute = false;
};

// How far the staged pipeline (lib/project) got with a SQL node. A node that is not Ok carries a
// located reason; the rest of the project goes on regardless.
enum class NodeStatus {
    Ok,           // rendered, parsed and (when columns were asked for) traced
    RenderFailed, // the Jinja could not be rendered: no SQL, no edges from it
    ParseFailed,  // the rendered SQL could not be fully parsed: lineage is partial or absent
    NotTraced,    // parsed, but its column lineage could not be traced
};
const char* node_status_name(NodeStatus s); // "ok", "render_failed", "parse_failed", "not_traced"

struct NodeState {
    NodeStatus status = NodeStatus::Ok;
    std::string reason; // one line, e.g. "models/x.sql:3:7: unknown macro 'y'"
    SourceLoc loc;
};

enum class Materialization { View, Table, Incremental, Ephemeral, Seed, Snapshot };

struct Model {
    std::string name;
    std::string package; // project name
    std::string path;    // e.g. "models/staging/stg_orders.sql"
    std::string_view raw_sql; // the file's text, owned by Project::sources_text (one copy)
    std::string content_id; // git blob id of the SQL file
    bool is_snapshot = false;
    // A model version (`versions:` in its property entry): "2" for v: 2; "" for an unversioned
    // model. A version keeps the model's `name`; its graph node is "<name>.v<version>".
    std::string version;
    bool latest_version = false; // the version an unpinned ref('name') resolves to
    std::string description;
    std::vector<Column> columns; // declared in property files, in order
    std::vector<TestSpec> tests;
    Json config = Json::object(); // merged: defaults < dbt_project +config < properties < SQL config()
    Json meta = Json::object();
    std::vector<std::string> tags;
    std::string owner;
    SourceLoc loc;            // the SQL file
    SourceLoc properties_loc; // its entry in a property file, if any
    Rendered rendered;
    NodeState state;

    std::string materialized() const;
    // The name a node of this model goes by: "orders", or "orders.v2" for a version.
    std::string node_name() const { return version.empty() ? name : name + ".v" + version; }
    // The relation's default identifier: the name, or dbt's "<name>_v<version>" for a version.
    std::string default_alias() const { return version.empty() ? name : name + "_v" + version; }
    // config.enabled: a boolean as written; a string (Jinja) is false only when it reads
    // "false"/"False"/"FALSE" (rendered output); absent or anything else: true. The loader
    // refuses non-boolean values other than Jinja strings.
    bool enabled() const;
};

// A dbt semantic model (`semantic_models:` in a property file): a MetricFlow view of one model.
struct SemanticModel {
    std::string name;
    std::string package;
    std::string model; // "ref('orders')" as written
    SourceLoc model_loc;
    std::string description;
    std::vector<std::string> measures; // measure names, in order
    std::vector<std::string> entities;
    std::vector<std::string> dimensions;
    Json meta = Json::object();
    SourceLoc loc;
};

// A dbt metric (`metrics:`): simple and cumulative metrics read measures, ratio, derived and
// conversion metrics read other metrics (conversion: two measures).
struct Metric {
    std::string name;
    std::string package;
    std::string type;  // simple | ratio | cumulative | derived | conversion
    std::string label;
    std::string description;
    std::vector<std::string> measures;      // type_params.measure, conversion's base/conversion measures
    std::vector<SourceLoc> measure_locs;
    std::vector<std::string> input_metrics; // numerator/denominator, type_params.metrics
    std::vector<SourceLoc> input_metric_locs;
    Json meta = Json::object();
    SourceLoc loc;
};

// A dbt saved query (`saved_queries:`): a named MetricFlow query over metrics.
struct SavedQuery {
    std::string name;
    std::string package;
    std::string description;
    std::vector<std::string> metrics; // query_params.metrics
    std::vector<SourceLoc> metric_locs;
    SourceLoc loc;
};

struct SourceTable {
    std::string package; // the project or installed package that declares it
    std::string source_name;
    std::string name;
    std::string identifier; // physical table name (defaults to name)
    std::string schema;     // defaults to the source name
    std::string database;
    std::string description;
    std::string owner;
    std::vector<std::string> tags;
    Json meta = Json::object();
    std::vector<Column> columns;
    std::vector<TestSpec> tests;
    std::string fixture; // CSV path loaded for tests (seeds/<source>__<table>.csv or meta.fixture)
    SourceLoc loc;
};

struct Seed {
    std::string name;
    std::string package; // the project or installed package it belongs to
    std::string path; // CSV file
    std::string description;
    std::string owner;
    std::vector<Column> columns; // header names; types from properties when declared
    std::vector<TestSpec> tests;
    Json config = Json::object();
    std::vector<std::string> tags;
    Json meta = Json::object();
    SourceLoc loc;
    SourceLoc properties_loc;
};

// A singular data test: a query in tests/ that returns failing rows.
struct SingularTest {
    std::string name;
    std::string path;
    std::string_view raw_sql; // the file's text, owned by Project::sources_text (one copy)
    std::string content_id; // git blob id of the SQL file
    Json config = Json::object();
    SourceLoc loc;
    Rendered rendered;
    NodeState state;
};

// dbt unit test: given rows for inputs, the expected rows of the model.
struct UnitTestInput {
    std::string input; // "ref('stg_orders')" or "source('raw', 'orders')"
    std::string format = "dict"; // dict | csv | sql
    Json rows = Json::array();   // list of objects for dict; string for csv/sql
    SourceLoc loc;
};
struct UnitTest {
    std::string name;
    std::string model;
    std::string description;
    std::vector<UnitTestInput> given;
    UnitTestInput expect;
    Json overrides = Json::object();
    SourceLoc loc;
    SourceLoc model_loc; // where `model:` is written
};

struct Exposure {
    std::string name;
    std::string type; // dashboard, notebook, analysis, ml, application
    std::string owner_name;
    std::string owner_email;
    std::string url;
    std::string description;
    std::string maturity;
    std::vector<std::string> depends_on; // "ref('x')" / "source('a','b')" as written
    std::vector<SourceLoc> depends_on_locs;
    Json meta = Json::object();
    SourceLoc loc;
};

// A dbt group (`groups:` in a property file): models name it with the `group` config, and its
// owner is who answers for them.
struct Group {
    std::string name;
    std::string owner_name;
    std::string owner_email;
    std::string description;
    SourceLoc loc;
};

struct PipelineStep {
    std::string name;
    std::string select; // dbt selector of the models this step builds
    std::string command;
    std::vector<std::string> depends_on; // other steps
    SourceLoc loc;
};

struct Pipeline {
    std::string name;
    std::string path;
    std::string description;
    std::string owner;
    std::string schedule; // cron
    std::string sla;      // duration, e.g. "2h"
    std::vector<PipelineStep> steps;
    Json meta = Json::object();
    SourceLoc loc;
};

// A weekly period during which promotion is refused (gates.freeze). Days are 0 = Monday ..
// 6 = Sunday; a daily window ("16:00-08:00") has both days -1. Minutes count from midnight.
// The window includes its start and excludes its end; it may wrap past Sunday or midnight.
struct FreezeWindow {
    int start_day = -1;
    int start_minute = 0;
    int end_day = -1;
    int end_minute = 0;
    std::string text; // as written

    // True when `day` (0 = Monday) at `minute` (0..1439) falls inside the window.
    bool contains(int day, int minute) const;
};

struct Environment {
    std::string name;
    std::string schema;
    std::string database;
    std::string promote_from;
    Json gates = Json::object();
    std::vector<FreezeWindow> freeze; // gates.freeze, parsed
    // Every other key (connection, variables, ...) as written: `${env:NAME}` references kept.
    Json extra = Json::object();
    // `extra` with the references resolved from the environment at load time (values whose
    // variable is unset stay as written). Resolved values are registered as secrets.
    Json extra_resolved = Json::object();
    SourceLoc loc;
};

struct MacroFile {
    std::string path;
    std::string package; // project or package name
    std::string text;
    std::string content_id; // git blob id
};

struct TestSettings {
    std::string engine = "auto"; // auto | docker | sqlite | postgres
    std::string image = "postgres:16-alpine";
    int jobs = 4;
};

// The dbt target a run renders for: from profiles.yml (the project's `profile:`, its `target:` or
// --target), else the defaults. Credentials are never kept here.
struct Target {
    std::string name = "dev";  // target name (--target, else the profile's `target:`, else "dev")
    std::string profile_name;  // the profile used; "" when none was read
    std::string type;          // the output's adapter type ("postgres", "databricks", ...); "" without a profile
    std::string schema;        // the output's schema (bigquery: dataset); "" when not given
    std::string database;      // the output's database (dbname, bigquery project, catalog); may be ""
    int threads = 1;
    std::string profiles_file; // where the profile was read ("" when none)
};

// An installed package (under packages-install-path) loaded as its own project: its models,
// seeds, sources and macros are nodes of the Project with `package` set to its name.
struct Package {
    std::string name;  // from its dbt_project.yml, else the folder name
    std::string root;  // project-relative folder, e.g. "dbt_packages/elementary"
    std::string version; // its dbt_project.yml `version`, as written ("" when absent)
    std::vector<std::string> model_paths; // project-relative (root + "/" + path)
    std::vector<std::string> seed_paths;
    std::vector<std::string> macro_paths;
    Json vars = Json::object();      // its own dbt_project.yml `vars:`, as written
    // What var() gives in the package's own nodes, with dbt's precedence (lowest first): the
    // package's vars, those it scopes to itself, the root project's global vars, the root
    // project's vars scoped to this package, --vars.
    Json node_vars = Json::object();
    Json dbt_configs = Json::object(); // its own dbt_project.yml "models:" / "seeds:" blocks
};

struct Project {
    std::string root; // absolute path of the project directory
    std::string name;
    std::string version; // dbt_project.yml `version`, as written ("" when absent)
    std::string dialect = "postgres";
    bool has_dpipe_yaml = false;
    bool has_dbt_project = false;
    std::string config_file; // "dpipe.yaml" or "dbt_project.yml"

    std::vector<std::string> model_paths{"models"};
    std::vector<std::string> seed_paths{"seeds"};
    std::vector<std::string> test_paths{"tests"};
    std::vector<std::string> macro_paths{"macros"};
    std::vector<std::string> snapshot_paths{"snapshots"};
    std::vector<std::string> pipeline_paths{"pipelines"};
    std::vector<std::string> analysis_paths{"analyses"};
    std::string packages_install_path = "dbt_packages"; // where installed packages live
    Target target;

    Json vars = Json::object(); // what var() gives in the project's own nodes (scoped and --vars applied)
    Json declared_vars = Json::object(); // dbt_project.yml / dpipe.yaml `vars:` as written
    Json defaults = Json::object(); // owner, materialized
    Json dbt_configs = Json::object(); // dbt_project.yml "models:" / "seeds:" blocks (+config tree)
    std::vector<Environment> environments;
    TestSettings test;
    Json infrastructure = Json::object();
    Json lint = Json::object(); // merged lint config (dpipe.yaml lint: and .dpipe.toml [lint])
    Json tool = Json::object(); // merged .dpipe.toml / user config.toml settings

    std::vector<Model> models;
    // Analyses (.sql under analysis-paths): rendered and parsed like models, never built.
    std::vector<Model> analyses;
    std::vector<SourceTable> sources;
    std::vector<Seed> seeds;
    std::vector<SingularTest> singular_tests;
    std::vector<UnitTest> unit_tests;
    std::vector<Exposure> exposures;
    std::vector<Group> groups;
    std::vector<SemanticModel> semantic_models;
    std::vector<Metric> metrics;
    std::vector<SavedQuery> saved_queries;
    std::vector<Pipeline> pipelines;
    std::vector<MacroFile> macros;
    std::vector<Package> packages; // installed packages read as projects, sorted by root

    std::shared_ptr<SourceRegistry> sources_text = std::make_shared<SourceRegistry>();

    const Model* find_model(std::string_view name) const;
    const SourceTable* find_source(std::string_view source_name, std::string_view table) const;
    const Seed* find_seed(std::string_view name) const;
    const Group* find_group(std::string_view name) const;
    // The vars var() reads in a node of `package` (the project's own name or "": `vars`).
    const Json& vars_of(std::string_view package) const;
};

} // namespace dpipe::core
