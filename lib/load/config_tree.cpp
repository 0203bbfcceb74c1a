// dbt's configuration precedence for models and seeds:
//   dpipe defaults < dbt_project.yml tree (project, then each folder, then the file; the more
//   specific level wins; tags accumulate; meta merges) < property file config/meta/tags.
// (config() calls in SQL are applied later, when rendering.)

#include "load/load_context.hpp"
#include "load/schema.hpp"

#include "util/strings.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>

namespace dpipe::load {

namespace {

// Configs dbt accepts in dbt_project.yml without the '+' prefix.
constexpr std::array<std::string_view, 24> k_known_configs = {
    "materialized", "tags",       "schema",      "database",        "alias",       "enabled",
    "meta",         "docs",       "persist_docs", "pre-hook",       "post-hook",   "grants",
    "full_refresh", "unique_key", "on_schema_change", "incremental_strategy", "contract", "access",
    "group",        "column_types", "quote_columns", "delimiter",    "sql_header",  "strategy"};

bool is_config(const std::string& key) {
    return std::find(k_known_configs.begin(), k_known_configs.end(), key) != k_known_configs.end();
}

void add_tags(std::vector<std::string>& tags, const core::Json& v) {
    auto add = [&](const core::Json& t) {
        if (t.is_string() && std::find(tags.begin(), tags.end(), t.get<std::string>()) == tags.end()) {
            tags.push_back(t.get<std::string>());
        }
    };
    if (v.is_array()) {
        for (const auto& t : v) {
            add(t);
        }
    } else {
        add(v);
    }
}

// Applies the config entries of one level of the tree.
void apply_level(const core::Json& level, core::Json& config, std::vector<std::string>& tags) {
    for (const auto& [k, v] : level.items()) {
        bool plus = !k.empty() && k[0] == '+';
        std::string key = plus ? k.substr(1) : k;
        if (!plus && (!is_config(key) || (v.is_object() && key != "meta" && key != "docs" && key != "grants" &&
                                          key != "persist_docs" && key != "contract" && key != "column_types"))) {
            continue; // a sub-folder
        }
        if (key == "tags") {
            add_tags(tags, v);
        } else if (key == "meta" && v.is_object()) {
            if (!config.contains("meta") || !config["meta"].is_object()) {
                config["meta"] = core::Json::object();
            }
            merge_json(config["meta"], v);
        } else {
            config[key] = v;
        }
    }
}

const core::Json* child(const core::Json* level, const std::string& key) {
    if (!level || !level->is_object()) {
        return nullptr;
    }
    auto it = level->find(key);
    return it != level->end() && it->is_object() ? &*it : nullptr;
}

// The project-level config of a resource of `block` at `path` (e.g. "models/staging/x.sql").
void tree_config(const core::Json& configs, const std::string& project, const char* block,
                 const std::vector<std::string>& roots, const std::string& path, const std::string& stem,
                 core::Json& config, std::vector<std::string>& tags) {
    const core::Json* level = child(&configs, block);
    if (!level) {
        return;
    }
    apply_level(*level, config, tags);
    level = child(level, project);
    if (!level) {
        return;
    }
    apply_level(*level, config, tags);
    std::string_view rel = path;
    for (const auto& r : roots) {
        if (rel.size() > r.size() && rel.compare(0, r.size(), r) == 0 && rel[r.size()] == '/') {
            rel = rel.substr(r.size() + 1);
            break;
        }
    }
    auto parts = util::split(rel, '/');
    for (std::size_t i = 0; i + 1 < parts.size() && level; ++i) {
        level = child(level, std::string(parts[i]));
        if (level) {
            apply_level(*level, config, tags);
        }
    }
    if (level) {
        if (const core::Json* leaf = child(level, stem)) {
            apply_level(*leaf, config, tags);
        }
    }
}

// Final config: tree < properties; tags and meta collected from every level.
// An installed package's resource (`pkg` set) takes its own project's tree first, then the root
// project's tree under `<block>: <package>:`, which wins, as in dbt.
void compose(const core::Project& p, const char* block, const std::vector<std::string>& roots, const std::string& path,
             const std::string& stem, core::Json& config, core::Json& meta, std::vector<std::string>& tags,
             const core::Package* pkg = nullptr) {
    core::Json merged = core::Json::object();
    if (p.defaults.contains("materialized") && std::string(block) == "models") {
        merged["materialized"] = p.defaults["materialized"];
    }
    std::vector<std::string> all_tags;
    if (pkg) {
        const std::vector<std::string>& own = std::string(block) == "seeds" ? pkg->seed_paths : pkg->model_paths;
        tree_config(pkg->dbt_configs, pkg->name, block, own, path, stem, merged, all_tags);
        tree_config(p.dbt_configs, pkg->name, block, own, path, stem, merged, all_tags);
    } else {
        tree_config(p.dbt_configs, p.name, block, roots, path, stem, merged, all_tags);
    }
    if (config.contains("tags")) {
        add_tags(tags, config["tags"]);
    }
    core::Json props_meta = config.contains("meta") && config["meta"].is_object() ? config["meta"] : core::Json::object();
    merge_json(merged, config);
    for (auto& t : tags) {
        if (std::find(all_tags.begin(), all_tags.end(), t) == all_tags.end()) {
            all_tags.push_back(t);
        }
    }
    core::Json full_meta = merged.contains("meta") && merged["meta"].is_object() ? merged["meta"] : core::Json::object();
    merge_json(full_meta, props_meta);
    merge_json(full_meta, meta);
    if (!all_tags.empty()) {
        merged["tags"] = all_tags;
    }
    config = std::move(merged);
    meta = std::move(full_meta);
    tags = std::move(all_tags);
}

const core::Package* package_of(const core::Project& p, const std::string& name) {
    if (name.empty() || name == p.name) {
        return nullptr;
    }
    for (const auto& pkg : p.packages) {
        if (pkg.name == name) {
            return &pkg;
        }
    }
    return nullptr;
}

std::string owner_of(const core::Project& p, const core::Json& meta) {
    if (meta.contains("owner") && meta["owner"].is_string()) {
        return meta["owner"].get<std::string>();
    }
    if (p.defaults.contains("owner") && p.defaults["owner"].is_string()) {
        return p.defaults["owner"].get<std::string>();
    }
    return "";
}

// dbt loads a seed whose header names differ only in case (the warehouse may fold them
// together); so does dpipe, with a warning (LD042).
void warn_case_collisions(LoadContext& ctx, const core::Seed& s) {
    std::unordered_map<std::string, const core::Column*> seen;
    for (const auto& c : s.columns) {
        auto [it, inserted] = seen.emplace(util::to_lower(c.name), &c);
        if (!inserted) {
            ctx.warning("LD042", c.loc,
                        "column '" + c.name + "' differs from column '" + it->second->name +
                            "' only in case (kept as dbt does; the warehouse may treat them as one column)");
        }
    }
}

// Materializations dbt provides; others must be defined with {% materialization %} in macros.
constexpr std::array<std::string_view, 8> k_builtin_materializations = {
    "view", "table", "incremental", "ephemeral", "materialized_view", "snapshot", "seed", "test"};

bool is_jinja(const core::Json& v) {
    if (!v.is_string()) {
        return false;
    }
    const std::string& s = v.get_ref<const std::string&>();
    auto first = s.find_first_not_of(" \t");
    return first != std::string::npos && s.compare(first, 2, "{{") == 0;
}

void check_enabled(LoadContext& ctx, const Node& v) {
    if (v.is_null() || v->is_boolean() || is_jinja(v.json())) {
        return;
    }
    std::string got = v->is_string() ? "'" + v->get<std::string>() + "'" : v->dump();
    ctx.error("LD012", v.loc(),
              quoted_path(v.pointer()) + " must be true or false, got " + got +
                  " (dbt accepts only a boolean or a Jinja expression rendering to one)");
}

void queue_materialized(LoadContext& ctx, const Node& v) {
    if (v.is_null() || is_jinja(v.json())) {
        return;
    }
    ctx.materialized_settings.push_back({v->is_string() ? v->get<std::string>() : v->dump(), v.loc()});
}

// Custom materializations: `{% materialization name, ... %}` in the project's and packages' macros.
std::vector<std::string> custom_materializations(const core::Project& p) {
    std::vector<std::string> names;
    for (const auto& m : p.macros) {
        std::string_view text = m.text;
        std::size_t at = 0;
        while ((at = text.find("materialization", at)) != std::string_view::npos) {
            std::size_t back = at;
            while (back > 0 && (text[back - 1] == ' ' || text[back - 1] == '\t' || text[back - 1] == '\n')) {
                --back;
            }
            if (back > 0 && text[back - 1] == '-') {
                --back;
            }
            bool opens = back >= 2 && text.compare(back - 2, 2, "{%") == 0;
            at += std::string_view("materialization").size();
            if (!opens || at >= text.size() || (text[at] != ' ' && text[at] != '\t' && text[at] != '\n')) {
                continue;
            }
            std::size_t i = text.find_first_not_of(" \t\n", at);
            std::size_t end = i;
            while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) {
                ++end;
            }
            if (i != std::string_view::npos && end > i) {
                std::string name(text.substr(i, end - i));
                if (std::find(names.begin(), names.end(), name) == names.end()) {
                    names.push_back(std::move(name));
                }
            }
        }
    }
    return names;
}

// Warns (LD043) about `materialized` values in dbt's files that are neither built in nor
// defined in the macros: dbt reports them only when the model runs.
void check_materializations(LoadContext& ctx) {
    if (ctx.materialized_settings.empty()) {
        return;
    }
    std::vector<std::string> accepted(k_builtin_materializations.begin(), k_builtin_materializations.end());
    for (auto& name : custom_materializations(*ctx.project)) {
        if (std::find(accepted.begin(), accepted.end(), name) == accepted.end()) {
            accepted.push_back(std::move(name));
        }
    }
    for (const auto& s : ctx.materialized_settings) {
        if (std::find(accepted.begin(), accepted.end(), s.value) != accepted.end()) {
            continue;
        }
        core::Diagnostic d = make_warning("LD043", s.loc,
                                          "unknown materialization '" + s.value +
                                              "' (accepted: " + util::join(accepted, ", ") +
                                              ", or one defined with {% materialization %} in a macro)");
        if (std::string best = util::closest_match(s.value, accepted); !best.empty()) {
            d.notes.push_back("did you mean '" + best + "'?");
        }
        ctx.diags.push_back(std::move(d));
    }
    ctx.materialized_settings.clear();
}

} // namespace

void check_resource_config(LoadContext& ctx, const Node& config) {
    check_enabled(ctx, config["enabled"]);
    queue_materialized(ctx, config["materialized"]);
}

void check_config_tree(LoadContext& ctx, const Node& block) {
    block.each_member([&](std::string_view k, const Node& v) {
        bool plus = !k.empty() && k[0] == '+';
        std::string_view key = plus ? k.substr(1) : k;
        bool scalar = !v.is_object() && !v.is_array();
        if (key == "enabled" && (plus || scalar)) {
            check_enabled(ctx, v);
        } else if (key == "materialized" && (plus || scalar)) {
            queue_materialized(ctx, v);
        } else if (!plus && v.is_object() && !is_config(std::string(key))) {
            check_config_tree(ctx, v); // a sub-folder or a resource
        }
    });
}

void finish_models(LoadContext& ctx) {
    core::Project& p = *ctx.project;
    check_materializations(ctx);
    for (auto& m : p.models) {
        std::string stem = m.name;
        if (const core::Package* pkg = package_of(p, m.package)) {
            compose(p, "models", pkg->model_paths, m.path, stem, m.config, m.meta, m.tags, pkg);
        } else if (m.is_snapshot) {
            compose(p, "snapshots", p.snapshot_paths, m.path, stem, m.config, m.meta, m.tags);
        } else {
            compose(p, "models", p.model_paths, m.path, stem, m.config, m.meta, m.tags);
        }
        m.owner = owner_of(p, m.meta);
    }
    for (auto& s : p.sources) {
        if (s.owner.empty()) {
            s.owner = owner_of(p, s.meta);
        }
    }
}

void finish_seeds(LoadContext& ctx) {
    core::Project& p = *ctx.project;
    for (auto& s : p.seeds) {
        warn_case_collisions(ctx, s);
        compose(p, "seeds", p.seed_paths, s.path, s.name, s.config, s.meta, s.tags, package_of(p, s.package));
        s.owner = owner_of(p, s.meta);
        if (s.config.contains("column_types") && s.config["column_types"].is_object()) {
            for (auto& c : s.columns) {
                auto it = s.config["column_types"].find(c.name);
                if (it != s.config["column_types"].end() && it->is_string()) {
                    c.data_type = it->get<std::string>();
                }
            }
        }
    }
    // Source fixtures default to a seed named <source>__<table>.
    for (auto& src : p.sources) {
        if (!src.fixture.empty()) {
            continue;
        }
        if (const core::Seed* seed = p.find_seed(src.source_name + "__" + src.name)) {
            src.fixture = seed->path;
        }
    }
}

} // namespace dpipe::load
