#pragma once
// Where each ref-able name renders to: the relation of every model, seed, snapshot and source
// for one target, fixed before rendering so renders can run concurrently.

#include "core/project.hpp"

#include <string>
#include <string_view>
#include <unordered_map>

namespace dpipe::project {

// How relations are named for one run.
struct RelationOptions {
    // The target (dpipe.yaml environment and profile output) whose schema ref() renders into;
    // "" = the project's target (project.target.name).
    std::string target;
    std::string schema_override;      // when set, every model renders into this schema
    std::string source_schema_prefix; // when set, prefixed to every source's schema
    // Render "schema"."name" as one flat "schema__name" (engines without real schemas, such as
    // SQLite, whose views cannot read across attached databases).
    bool flat_relations = false;
};

struct RelationMap {
    std::unordered_map<std::string, std::string> refs;    // model, seed, snapshot name
    std::unordered_map<std::string, std::string> sources; // "source.table"
    // The relation of "ref('x')" / "source('a', 'b')" as written in YAML, or "" when unknown.
    std::string resolve_call_text(const std::string& text) const;
    // What {{ ref(...) }} / {{ source(...) }} renders to: the mapped relation, else the name the
    // node would have in `schema` (a ref to nothing the project has still renders, as dbt parses).
    std::string ref(const core::Project& p, const std::string& schema, const core::Ref& r) const;
    std::string source(const core::Project& p, const core::SourceCall& s) const;
    // The key of `refs` a ref() call reads: its name, "m.v2" for a pinned version.
    static std::string ref_key(const core::Ref& r) { return r.version.empty() ? r.name : r.name + ".v" + r.version; }
};
RelationMap relation_map(const core::Project& p, const std::string& schema,
                         const std::string& source_schema_prefix = {}, bool flat = false);

// The relation a model, seed or snapshot renders to, quoted for the dialect:
// "schema"."identifier" (backticks for bigquery).
std::string relation_name(const core::Project& p, std::string_view schema, std::string_view identifier,
                          bool flat = false);

// The schema a model builds into for a target schema: dbt's "<target>_<custom>" when the model
// configures `schema`, else the target schema.
std::string model_schema(const core::Json& config, std::string_view target_schema);

// The target schema of a target: its dpipe.yaml environment's `schema`, else the schema of the
// profile output when it is the project's target, else "analytics".
std::string target_schema(const core::Project& p, std::string_view env);

} // namespace dpipe::project
