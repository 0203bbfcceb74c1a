#pragma once
// Internal to lib/load: the state shared by the steps that assemble a Project.

#include "core/diagnostic.hpp"
#include "core/project.hpp"
#include "load/document.hpp"
#include "load/loader.hpp"
#include "load/schema.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace dpipe::load {

struct LoadContext {
    std::filesystem::path root;
    const LoadOptions* options = nullptr;
    core::Project* project = nullptr;
    std::vector<core::Diagnostic> diags;

    // Where each model / seed / source table was described in a property file.
    std::unordered_map<std::string, std::size_t> model_index; // name -> index in project.models
    std::unordered_map<std::string, std::size_t> seed_index;
    std::unordered_map<std::string, core::SourceLoc> model_props_seen;
    std::unordered_map<std::string, core::SourceLoc> seed_props_seen;
    std::unordered_map<std::string, std::size_t> analysis_index; // name -> index in project.analyses
    std::unordered_map<std::string, core::SourceLoc> analysis_props_seen;
    // The installed package whose property file is being applied; "" for the project's own.
    std::string current_package;

    // The key of a model or seed in the indexes: its name in the project, "<package>/<name>"
    // in an installed package (dbt allows the same name in two packages).
    std::string index_key(const std::string& package, const std::string& name) const {
        return package.empty() || package == project->name ? name : package + "/" + name;
    }
    // `materialized` values written in dbt's files, checked once the macros (custom
    // materializations) are read, in finish_models.
    struct Setting {
        std::string value;
        core::SourceLoc loc;
    };
    std::vector<Setting> materialized_settings;
    // Errors that do not make the configuration unreadable (Jinja in dbt_project.yml or
    // profiles.yml that fails, an unknown --target): reported, but the project still loads.
    std::vector<core::Diagnostic> late;
    bool profile_warned = false;      // a warning already said there is no usable profile
    core::SourceLoc profile_type_loc; // the `type:` of the profile output used
    std::optional<core::Diagnostic> unknown_target; // --target names no output of the profile

    void error(std::string code, core::SourceLoc loc, std::string message) {
        diags.push_back(make_error(std::move(code), std::move(loc), std::move(message)));
    }
    void warning(std::string code, core::SourceLoc loc, std::string message) {
        diags.push_back({core::Severity::Warning, std::move(code), std::move(loc), std::move(message), {}});
    }
    bool has_errors() const {
        for (const auto& d : diags) {
            if (d.severity == core::Severity::Error) {
                return true;
            }
        }
        return false;
    }
};

// Recursive merge: objects merge key by key, anything else is replaced by `src`. Recursion and
// the copy follow the depth of `src`: bound untrusted input (--vars) with check_json_limits.
void merge_json(core::Json& dst, const core::Json& src);

// Typed reads through a located cursor, with located errors (LD012) for wrong types; absent or
// null values leave the output untouched and return false.
bool get_string(LoadContext& ctx, const Node& value, std::string& out);
bool get_string_list(LoadContext& ctx, const Node& value, std::vector<std::string>& out);
// "a" or ["a", "b"] (dbt tags).
void get_tags(LoadContext& ctx, const Node& value, std::vector<std::string>& out);

// Reads a configuration file (YAML or TOML) sequentially; nullopt when absent or broken (the
// problems are in ctx.diags). A relative `name` is read through the project's file source; an
// absolute one from disk (registered in sources_text under that path) (loader.cpp).
// Reads dpipe.yaml, dbt_project.yml (rendered), profiles.yml and the tool settings into ctx's
// project: the first step of a load, which decides where every other file is.
void load_configuration(LoadContext& ctx);

std::optional<Document> read_config(LoadContext& ctx, const std::string& name, bool toml,
                                    std::optional<SchemaId> schema, const ParseOptions& parse_options = {});

// profiles.yml (profiles.cpp): the project's profile and target into project.target; then,
// once dpipe.yaml is applied, the dialect from the adapter type unless dpipe.yaml set one.
void load_profile(LoadContext& ctx, const std::string& profile_name, const core::SourceLoc& profile_loc);
void apply_profile_dialect(LoadContext& ctx, bool dialect_in_dpipe_yaml);

// Steps, each in its own file.
void apply_dbt_project(LoadContext& ctx, const Document& doc);                    // project_config.cpp
void apply_dpipe_yaml(LoadContext& ctx, const Document& doc);                     // project_config.cpp
void apply_tool_settings(LoadContext& ctx, const std::vector<Document>& docs);    // tool_settings.cpp
// Reads the dbt_project.yml of every folder under packages-install-path into project.packages
// (packages.cpp).
void load_packages(LoadContext& ctx);
void apply_property_file(LoadContext& ctx, const Document& doc);                  // properties.cpp
void apply_pipeline(LoadContext& ctx, const Document& doc, const std::string& stem); // pipelines.cpp
// An analysis file (a .sql under analysis-paths) and its `analyses:` property entry; a second
// analysis of the same name is an error (LD021) (analyses.cpp).
void add_analysis(LoadContext& ctx, const std::string& rel, std::string_view text, const std::string& id);
void apply_analysis(LoadContext& ctx, const Node& entry);
// `versions:` of a model entry: the versions' files become versions of the model (versions.cpp).
// Returns false when the entry has no versions (the caller describes one model as usual).
bool apply_model_versions(LoadContext& ctx, const Node& entry, const std::string& name);
// `semantic_models:`, `metrics:` and `saved_queries:` entries (semantic.cpp), and the check of
// what they name once every property file is applied (measures, metrics) (semantic.cpp).
void apply_semantic_model(LoadContext& ctx, const Node& entry);
void apply_metric(LoadContext& ctx, const Node& entry);
void apply_saved_query(LoadContext& ctx, const Node& entry);
void check_semantic_layer(LoadContext& ctx);
void finish_models(LoadContext& ctx);                                             // config_tree.cpp
// Checks the config values of a dbt_project.yml block (models:, seeds:, snapshots:) or of a
// property file `config:` mapping: `enabled` must be a boolean (or Jinja), `materialized` is
// queued for finish_models (config_tree.cpp).
void check_config_tree(LoadContext& ctx, const Node& block);
void check_resource_config(LoadContext& ctx, const Node& config);
void finish_seeds(LoadContext& ctx);                                              // config_tree.cpp

// Generic tests of a resource or a column entry (generic_tests.cpp).
std::vector<core::TestSpec> parse_tests(LoadContext& ctx, const Node& entry, const std::string& column);
// Columns of a model, seed or source table entry; their tests are appended to `tests`. A column
// declared twice is a warning (LD041) and the later entry is merged over the earlier one, as
// dbt does (generic_tests.cpp).
std::vector<core::Column> parse_columns(LoadContext& ctx, const Node& entry, std::vector<core::TestSpec>& tests);
// Warns (LD045) once per generic test name used by an enabled resource that neither dbt's
// built-ins nor any `{% test %}` definition of the project or its packages provide
// (generic_tests.cpp). Run after the macros and property files are read.
void check_generic_tests(LoadContext& ctx);
// Drops (with LD020) unit tests naming no model; run after every property file (properties.cpp).
void check_unit_tests(LoadContext& ctx);

} // namespace dpipe::load
