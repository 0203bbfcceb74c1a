// dbt's configuration precedence for models and seeds:
//   dpipe defaults < dbt_project.yml tree (project, then each folder, then the file; the more
//   specific level wins; tags accumulate; meta merges) < property file config/meta/tags.
// (config() calls in SQL are applied later, when rendering.)

#include "load/load_context.hpp"

#include "util/strings.hpp"

#include <algorithm>
#include <array>
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
void tree_config(const core::Project& p, const char* block, const std::vector<std::string>& roots,
                 const std::string& path, const std::string& stem, core::Json& config, std::vector<std::string>& tags) {
    const core::Json* level = child(&p.dbt_configs, block);
    if (!level) {
        return;
    }
    apply_level(*level, config, tags);
    level = child(level, p.name);
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
void compose(const core::Project& p, const char* block, const std::vector<std::string>& roots, const std::string& path,
             const std::string& stem, core::Json& config, core::Json& meta, std::vector<std::string>& tags) {
    core::Json merged = core::Json::object();
    if (p.defaults.contains("materialized") && std::string(block) == "models") {
        merged["materialized"] = p.defaults["materialized"];
    }
    std::vector<std::string> all_tags;
    tree_config(p, block, roots, path, stem, merged, all_tags);
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

} // namespace

void finish_models(LoadContext& ctx) {
    core::Project& p = *ctx.project;
    for (auto& m : p.models) {
        std::string stem = m.name;
        if (m.is_snapshot) {
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
        compose(p, "seeds", p.seed_paths, s.path, s.name, s.config, s.meta, s.tags);
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
