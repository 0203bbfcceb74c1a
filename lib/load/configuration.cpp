#include "load/loader.hpp"

#include "core/error.hpp"
#include "load/csv_header.hpp"
#include "load/load_context.hpp"
#include "load/dbt_render.hpp"
#include "load/record.hpp"
#include "load/schema.hpp"
#include "load/sql_blocks.hpp"
#include "util/files.hpp"
#include "util/hash.hpp"
#include "util/thread_pool.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <set>


// The project's configuration: dpipe.yaml, dbt_project.yml, profiles.yml and the tool settings,
// read before any other file.

namespace dpipe::load {

namespace fs = std::filesystem;

namespace {

fs::path user_config_path() {
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) {
        return fs::path(xdg) / "dpipe" / "config.toml";
    }
    if (const char* home = std::getenv("HOME"); home && *home) {
        return fs::path(home) / ".config" / "dpipe" / "config.toml";
    }
    return {};
}

// The string value of the project's `profile:` key, rendered as dbt renders it (env_var and
// --vars only: no target exists yet); "" when absent.
std::string profile_name(LoadContext& ctx, const Document& dbt) {
    Node v = dbt.node()["profile"];
    if (v.is_null()) {
        return {};
    }
    if (!v->is_string()) {
        ctx.error("LD012", v.loc(), "'profile' must be a string");
        return {};
    }
    const std::string& text = v->get_ref<const std::string&>();
    if (!has_jinja(text)) {
        return text;
    }
    ConfigRenderer r;
    r.vars = &ctx.options->cli_vars;
    r.env = ctx.options->env;
    r.file_text = ctx.project->sources_text->get(dbt.file);
    auto out = render_config_value(r, text, v.loc());
    if (!out) {
        ctx.late.push_back(std::move(out.error()));
        return {};
    }
    return out->is_string() ? out->get<std::string>() : out->dump();
}

// The target dbt_project.yml's Jinja sees: the profile's, with the schema dpipe will use.
core::Target render_target(const core::Project& p, const std::optional<Document>& dpipe) {
    core::Target t = p.target;
    if (dpipe) {
        Node schema = dpipe->node()["environments"][t.name]["schema"];
        if (schema.exists() && schema->is_string() && !schema->get<std::string>().empty()) {
            t.schema = schema->get<std::string>();
        }
    }
    if (t.schema.empty()) {
        t.schema = "analytics";
    }
    return t;
}

} // namespace

void load_configuration(LoadContext& ctx) {
    core::Project& p = *ctx.project;
    const util::FileSource& source = *ctx.options->source;
    p.has_dbt_project = source.is_file("dbt_project.yml");
    p.has_dpipe_yaml = source.is_file("dpipe.yaml");
    p.config_file = p.has_dpipe_yaml ? "dpipe.yaml" : "dbt_project.yml";
    if (!p.has_dbt_project && !p.has_dpipe_yaml) {
        ctx.error("LD013", {}, "no dpipe.yaml or dbt_project.yml in " + source.describe());
        return;
    }
    ParseOptions dbt_options;
    dbt_options.tolerate_duplicate_keys = true; // dbt's file
    std::optional<Document> dbt = read_config(ctx, "dbt_project.yml", false, std::nullopt, dbt_options);
    if (dbt && dbt->root.is_null()) {
        ctx.error("LD014", {"dbt_project.yml", 1, 1}, "dbt_project.yml is empty: it needs at least 'name'");
        dbt.reset();
    }
    std::optional<Document> dpipe = read_config(ctx, "dpipe.yaml", false, SchemaId::DpipeYaml);
    if (!ctx.options->target.empty()) {
        p.target.name = ctx.options->target;
    }
    if (dbt && dbt->root.is_object()) {
        if (std::string profile = profile_name(ctx, *dbt); !profile.empty()) {
            load_profile(ctx, profile, dbt->node()["profile"].loc());
        }
        core::Target target = render_target(p, dpipe);
        ConfigRenderer r;
        r.vars = &ctx.options->cli_vars;
        r.env = ctx.options->env;
        r.target = &target;
        r.dialect = p.dialect;
        if (dpipe) {
            if (Node d = dpipe->node()["dialect"]; d.exists() && d->is_string()) {
                r.dialect = d->get<std::string>();
            }
        }
        r.file_text = p.sources_text->get("dbt_project.yml");
        render_dbt_project(r, *dbt, ctx.late);
    }
    if (dbt) {
        apply_dbt_project(ctx, *dbt);
    }
    if (dpipe) {
        apply_dpipe_yaml(ctx, *dpipe);
        if (p.name.empty()) {
            ctx.error("LD013", dpipe->loc(""), "missing required key 'name' in dpipe.yaml (no dbt_project.yml to take it from)");
        }
    }
    apply_profile_dialect(ctx, dpipe && dpipe->node()["dialect"].exists());
    std::vector<Document> tool_docs;
    fs::path user = user_config_path();
    if (!user.empty()) {
        if (auto doc = read_config(ctx, user.string(), true, SchemaId::ToolConfig)) {
            tool_docs.push_back(std::move(*doc));
        }
    }
    if (auto doc = read_config(ctx, ".dpipe.toml", true, SchemaId::ToolConfig)) {
        tool_docs.push_back(std::move(*doc));
    }
    apply_tool_settings(ctx, tool_docs);
    // dbt's precedence: --vars > vars scoped to the project (`vars: {<project>: {...}}`) > global.
    p.declared_vars = p.vars;
    if (auto scoped = p.vars.find(p.name); !p.name.empty() && scoped != p.vars.end() && scoped->is_object()) {
        core::Json own = *scoped;
        merge_json(p.vars, own);
    }
    if (ctx.options->cli_vars.is_object()) {
        if (auto ok = check_json_limits(ctx.options->cli_vars, ctx.options->limits, {"--vars", 1, 1}); !ok) {
            ctx.diags.push_back(ok.error());
            return;
        }
        merge_json(p.vars, ctx.options->cli_vars);
    }
}

} // namespace dpipe::load
