// dpipe.yaml and dbt_project.yml -> the project-wide fields of core::Project.

#include "load/load_context.hpp"
#include "load/schema.hpp"
#include "load/schedule.hpp"

#include <algorithm>

namespace dpipe::load {

void merge_json(core::Json& dst, const core::Json& src) {
    if (dst.is_object() && src.is_object()) {
        for (const auto& [k, v] : src.items()) {
            auto it = dst.find(k);
            if (it == dst.end()) {
                dst[k] = v;
            } else {
                merge_json(*it, v);
            }
        }
        return;
    }
    dst = src;
}

bool get_string(LoadContext& ctx, const Node& value, std::string& out) {
    if (value.is_null()) {
        return false;
    }
    const core::Json& v = value.json();
    if (v.is_string()) {
        out = v.get_ref<const std::string&>();
        return true;
    }
    if (v.is_number() || v.is_boolean()) {
        out = v.dump();
        return true;
    }
    ctx.error("LD012", value.loc(), quoted_path(value.pointer()) + " must be a string");
    return false;
}

bool get_string_list(LoadContext& ctx, const Node& value, std::vector<std::string>& out) {
    if (value.is_null()) {
        return false;
    }
    const core::Json& v = value.json();
    if (v.is_string()) {
        out = {v.get_ref<const std::string&>()};
        return true;
    }
    if (!v.is_array()) {
        ctx.error("LD012", value.loc(), quoted_path(value.pointer()) + " must be a list of strings");
        return false;
    }
    std::vector<std::string> items;
    items.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_string()) {
            Node item = value[i];
            ctx.error("LD012", item.loc(), quoted_path(item.pointer()) + " must be a string");
            return false;
        }
        items.push_back(v[i].get_ref<const std::string&>());
    }
    out = std::move(items);
    return true;
}

void get_tags(LoadContext& ctx, const Node& value, std::vector<std::string>& out) {
    std::vector<std::string> tags;
    if (get_string_list(ctx, value, tags)) {
        for (auto& t : tags) {
            if (std::find(out.begin(), out.end(), t) == out.end()) {
                out.push_back(std::move(t));
            }
        }
    }
}

namespace {

void read_paths(LoadContext& ctx, const Node& value, std::vector<std::string>& out) {
    std::vector<std::string> paths;
    if (get_string_list(ctx, value, paths)) {
        for (auto& p : paths) {
            while (p.size() > 1 && p.back() == '/') {
                p.pop_back();
            }
        }
        out = std::move(paths);
    }
}

} // namespace

void apply_dbt_project(LoadContext& ctx, const Document& doc) {
    core::Project& p = *ctx.project;
    ctx.diags.insert(ctx.diags.end(), doc.warnings.begin(), doc.warnings.end());
    Node root = doc.node();
    if (!root.is_object()) {
        ctx.error("LD012", root.loc(), "dbt_project.yml must be a mapping");
        return;
    }
    if (!get_string(ctx, root["name"], p.name)) {
        ctx.error("LD013", root.loc(), "missing required key 'name' in dbt_project.yml");
    }
    // Legacy spellings first so the current ones win.
    read_paths(ctx, root["source-paths"], p.model_paths);
    read_paths(ctx, root["model-paths"], p.model_paths);
    read_paths(ctx, root["data-paths"], p.seed_paths);
    read_paths(ctx, root["seed-paths"], p.seed_paths);
    read_paths(ctx, root["test-paths"], p.test_paths);
    read_paths(ctx, root["macro-paths"], p.macro_paths);
    read_paths(ctx, root["snapshot-paths"], p.snapshot_paths);
    if (Node vars = root["vars"]; !vars.is_null()) {
        if (!vars.is_object()) {
            ctx.error("LD012", vars.loc(), "'vars' must be a mapping");
        } else {
            merge_json(p.vars, vars.json());
        }
    }
    for (const char* block : {"models", "seeds", "snapshots", "tests", "sources"}) {
        Node v = root[block];
        if (v.is_null()) {
            continue;
        }
        if (!v.is_object()) {
            ctx.error("LD012", v.loc(), std::string("'") + block + "' must be a mapping");
            continue;
        }
        p.dbt_configs[block] = v.json();
    }
}

void apply_dpipe_yaml(LoadContext& ctx, const Document& doc) {
    core::Project& p = *ctx.project;
    Node root = doc.node();
    get_string(ctx, root["name"], p.name);
    get_string(ctx, root["dialect"], p.dialect);
    Node paths = root["paths"];
    read_paths(ctx, paths["models"], p.model_paths);
    read_paths(ctx, paths["seeds"], p.seed_paths);
    read_paths(ctx, paths["tests"], p.test_paths);
    read_paths(ctx, paths["macros"], p.macro_paths);
    read_paths(ctx, paths["snapshots"], p.snapshot_paths);
    read_paths(ctx, paths["pipelines"], p.pipeline_paths);
    if (Node defaults = root["defaults"]; defaults.is_object()) {
        p.defaults = defaults.json();
    }
    if (Node vars = root["vars"]; vars.is_object()) {
        merge_json(p.vars, vars.json());
    }
    if (Node test = root["test"]; test.is_object()) {
        get_string(ctx, test["engine"], p.test.engine);
        get_string(ctx, test["image"], p.test.image);
        if (Node jobs = test["jobs"]; jobs.exists() && jobs->is_number_integer()) {
            p.test.jobs = jobs->get<int>();
        }
    }
    if (Node infra = root["infrastructure"]; infra.is_object()) {
        p.infrastructure = infra.json();
    }
    if (Node lint = root["lint"]; lint.is_object()) {
        merge_json(p.lint, lint.json());
    }
    Node envs = root["environments"];
    if (!envs.is_object()) {
        return;
    }
    envs.each_member([&](std::string_view name, const Node& env) {
        core::Environment e;
        e.name = std::string(name);
        e.loc = env.key_loc();
        get_string(ctx, env["schema"], e.schema);
        get_string(ctx, env["database"], e.database);
        get_string(ctx, env["promote_from"], e.promote_from);
        env.each_member([&](std::string_view k, const Node& v) {
            if (k == "gates" && v.is_object()) {
                e.gates = v.json();
            } else if (k != "schema" && k != "database" && k != "promote_from") {
                e.extra[std::string(k)] = v.json();
            }
        });
        if (Node age = env["gates"]["max_test_age"]; age.exists() && age->is_string()) {
            std::string why;
            if (!valid_duration(age->get<std::string>(), why)) {
                ctx.error("LD031", age.loc(), "invalid duration: " + why);
            }
        }
        p.environments.push_back(std::move(e));
    });
    for (const auto& e : p.environments) {
        if (e.promote_from.empty()) {
            continue;
        }
        bool known = std::any_of(p.environments.begin(), p.environments.end(),
                                 [&](const core::Environment& o) { return o.name == e.promote_from; });
        if (!known || e.promote_from == e.name) {
            ctx.error("LD012", envs[e.name]["promote_from"].loc(),
                      "environment '" + e.name + "' promotes from unknown environment '" + e.promote_from + "'");
        }
    }
}

} // namespace dpipe::load
