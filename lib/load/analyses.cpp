// dbt analyses: the .sql files under analysis-paths (default analyses/). dbt renders and
// compiles them, with their ref() and source() calls, but never runs them; their property
// entries (`analyses:`) carry descriptions, columns and config.

#include "load/load_context.hpp"

#include <filesystem>

namespace dpipe::load {

void add_analysis(LoadContext& ctx, const std::string& rel, std::string_view text, const std::string& id) {
    core::Project& p = *ctx.project;
    core::Model a;
    a.name = std::filesystem::path(rel).stem().string();
    a.package = p.name;
    a.path = rel;
    a.raw_sql = text;
    a.content_id = id;
    a.loc = {rel, 1, 1};
    auto [it, inserted] = ctx.analysis_index.emplace(a.name, p.analyses.size());
    if (!inserted) {
        core::Diagnostic d = make_error("LD021", a.loc,
                                        "duplicate analysis name '" + a.name + "': " + p.analyses[it->second].path +
                                            " and " + rel);
        d.notes.push_back("analysis names must be unique across the project; rename one of the files");
        ctx.diags.push_back(std::move(d));
        return;
    }
    p.analyses.push_back(std::move(a));
}

void apply_analysis(LoadContext& ctx, const Node& entry) {
    std::string name;
    if (!get_string(ctx, entry["name"], name)) {
        return;
    }
    core::SourceLoc at = entry["name"].loc();
    auto it = ctx.current_package.empty() ? ctx.analysis_index.find(name) : ctx.analysis_index.end();
    if (it == ctx.analysis_index.end()) {
        ctx.warning("LD020", at,
                    "properties for unknown analysis '" + name + "': no " + name +
                        ".sql under the analysis-paths; the entry is ignored, as dbt does");
        return;
    }
    auto [seen, inserted] = ctx.analysis_props_seen.emplace(name, at);
    if (!inserted) {
        ctx.error("LD021", at, "analysis '" + name + "' is described twice (first at " + seen->second.str() + ")");
        return;
    }
    core::Model& a = ctx.project->analyses[it->second];
    a.properties_loc = at;
    get_string(ctx, entry["description"], a.description);
    if (Node cfg = entry["config"]; cfg.is_object()) {
        merge_json(a.config, cfg.json());
    }
    if (Node m = entry["meta"]; m.is_object()) {
        merge_json(a.meta, m.json());
    }
    get_tags(ctx, entry["tags"], a.tags);
    std::vector<core::TestSpec> no_tests; // dbt has no tests on analyses
    a.columns = parse_columns(ctx, entry, no_tests);
}

} // namespace dpipe::load
