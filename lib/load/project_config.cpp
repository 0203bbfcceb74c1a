// dpipe.yaml and dbt_project.yml -> the project-wide fields of core::Project.

#include "load/env_refs.hpp"
#include "load/load_context.hpp"
#include "load/schema.hpp"
#include "load/schedule.hpp"

#include "util/strings.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dpipe::load {

void merge_json(core::Json& dst, const core::Json& src) {
    if (dst.is_object() && src.is_object()) {
        if (dst.empty()) {
            dst = src;
            return;
        }
        // An ordered object finds keys by a linear scan: index dst once, so that merging a
        // mapping of n keys is linear, not quadratic (300,000 keys must not take minutes).
        // ordered_map is a vector of members underneath; index it as one.
        auto& members = static_cast<std::vector<std::pair<const std::string, core::Json>>&>(
            dst.get_ref<core::Json::object_t&>());
        std::unordered_map<std::string_view, std::size_t> index;
        index.reserve(members.size());
        for (std::size_t i = 0; i < members.size(); ++i) {
            index.emplace(members[i].first, i);
        }
        std::vector<std::pair<const std::string*, const core::Json*>> added;
        for (const auto& [k, v] : src.items()) {
            auto it = index.find(k);
            if (it == index.end()) {
                added.emplace_back(&k, &v);
            } else {
                merge_json(members[it->second].second, v);
            }
        }
        // Keys of one JSON object are unique, so the new ones go straight to the end.
        members.reserve(members.size() + added.size());
        for (const auto& [k, v] : added) {
            members.emplace_back(*k, *v);
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

// dbt's rule for project names: a Python identifier (ASCII here).
void check_project_name(LoadContext& ctx, const Node& value, const std::string& name) {
    bool valid = !name.empty() && !(name[0] >= '0' && name[0] <= '9') &&
                 std::all_of(name.begin(), name.end(), [](char c) {
                     return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                 });
    if (!valid) {
        ctx.error("LD012", value.loc(),
                  (name.empty() ? std::string("the project name is empty")
                                : "invalid project name '" + name + "'") +
                      ": it must be an identifier (letters, digits and '_', not starting with a digit)");
    }
}


// Every string of dpipe.yaml must use `${` only for a well-formed `${env:NAME}` reference (LD036).
void check_env_ref_syntax(LoadContext& ctx, const Node& node) {
    if (node.is_object()) {
        node.each_member([&](std::string_view, const Node& v) { check_env_ref_syntax(ctx, v); });
        return;
    }
    if (node.is_array()) {
        for (std::size_t i = 0; i < node.size(); ++i) {
            check_env_ref_syntax(ctx, node[i]);
        }
        return;
    }
    if (!node.exists() || !node->is_string()) {
        return;
    }
    const std::string& text = node->get_ref<const std::string&>();
    std::string why;
    std::size_t offset = 0;
    if (text.find("${") != std::string::npos && !check_env_refs(text, why, offset)) {
        ctx.error(std::string(k_code_bad_env_ref), node.loc(), "in " + quoted_path(node.pointer()) + ": " + why);
    }
}

// `out` (a copy of `node`'s value) with its well-formed references resolved; an unset variable
// is a warning (LD037) here, as the value may never be used.
void resolve_tree(LoadContext& ctx, const Node& node, core::Json& out) {
    if (node.is_object()) {
        node.each_member([&](std::string_view k, const Node& v) { resolve_tree(ctx, v, out[std::string(k)]); });
        return;
    }
    if (node.is_array()) {
        for (std::size_t i = 0; i < node.size() && i < out.size(); ++i) {
            resolve_tree(ctx, node[i], out[i]);
        }
        return;
    }
    if (!node.exists() || !node->is_string()) {
        return;
    }
    const std::string& text = node->get_ref<const std::string&>();
    std::string why;
    std::size_t offset = 0;
    if (text.find("${") == std::string::npos || !check_env_refs(text, why, offset)) {
        return; // nothing to resolve, or already reported (LD036)
    }
    if (auto value = resolve_env_refs(text, ctx.diags, node.loc(), core::Severity::Warning)) {
        out = std::move(*value);
    }
}

void read_freeze(LoadContext& ctx, const Node& freeze, core::Environment& e) {
    std::vector<std::string> items;
    if (!get_string_list(ctx, freeze, items)) {
        return;
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
        Node item = freeze.is_array() ? freeze[i] : freeze;
        core::FreezeWindow w;
        std::string why;
        std::size_t offset = 0;
        if (parse_freeze_window(items[i], w, why, offset)) {
            e.freeze.push_back(std::move(w));
        } else {
            ctx.diags.push_back(make_error("LD034", item.loc(),
                                           "invalid freeze window '" + items[i] + "': " + why));
            ctx.diags.back().notes.push_back("accepted: " + std::string(k_freeze_formats));
        }
    }
}

// promote_from names another environment and the promotions form no cycle (LD012, LD035).
void check_promotions(LoadContext& ctx, const Node& envs) {
    const auto& all = ctx.project->environments;
    std::vector<std::string> names;
    for (const auto& e : all) {
        names.push_back(e.name);
    }
    std::unordered_map<std::string, std::string> edges; // accepted so far: env -> promote_from
    for (const auto& e : all) {
        if (e.promote_from.empty()) {
            continue;
        }
        core::SourceLoc at = envs[e.name]["promote_from"].loc();
        if (e.promote_from == e.name) {
            ctx.error("LD035", at, "environment '" + e.name + "' promotes from itself");
            continue;
        }
        if (std::find(names.begin(), names.end(), e.promote_from) == names.end()) {
            core::Diagnostic d = make_error("LD012", at,
                                            "environment '" + e.name + "' promotes from unknown environment '" +
                                                e.promote_from + "'");
            if (std::string best = util::closest_match(e.promote_from, names); !best.empty()) {
                d.notes.push_back("did you mean '" + best + "'?");
            }
            d.notes.push_back("environments: " + util::join(names, ", "));
            ctx.diags.push_back(std::move(d));
            continue;
        }
        std::vector<std::string> chain = {e.name, e.promote_from};
        for (auto it = edges.find(e.promote_from); it != edges.end() && chain.back() != e.name;
             it = edges.find(it->second)) {
            chain.push_back(it->second);
        }
        if (chain.back() == e.name) {
            std::string cycle;
            for (std::size_t i = 0; i + 1 < chain.size(); ++i) {
                cycle += (i ? ", " : "") + chain[i] + " promotes from " + chain[i + 1];
            }
            ctx.error("LD035", at, "promote_from forms a cycle: " + cycle);
            continue;
        }
        edges.emplace(e.name, e.promote_from);
    }
}

void read_environments(LoadContext& ctx, const Node& envs) {
    if (!envs.is_object()) {
        return;
    }
    core::Project& p = *ctx.project;
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
        e.extra_resolved = e.extra;
        env.each_member([&](std::string_view k, const Node& v) {
            if (e.extra_resolved.contains(std::string(k))) {
                resolve_tree(ctx, v, e.extra_resolved[std::string(k)]);
            }
        });
        Node gates = env["gates"];
        if (Node age = gates["max_test_age"]; age.exists() && age->is_string()) {
            std::string why;
            if (!valid_duration(age->get<std::string>(), why)) {
                ctx.error("LD031", age.loc(), "invalid duration: " + why);
            }
        }
        read_freeze(ctx, gates["freeze"], e);
        p.environments.push_back(std::move(e));
    });
    check_promotions(ctx, envs);
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
    } else {
        check_project_name(ctx, root["name"], p.name);
    }
    get_string(ctx, root["version"], p.version);
    // Legacy spellings first so the current ones win.
    read_paths(ctx, root["source-paths"], p.model_paths);
    read_paths(ctx, root["model-paths"], p.model_paths);
    read_paths(ctx, root["data-paths"], p.seed_paths);
    read_paths(ctx, root["seed-paths"], p.seed_paths);
    read_paths(ctx, root["test-paths"], p.test_paths);
    read_paths(ctx, root["macro-paths"], p.macro_paths);
    read_paths(ctx, root["snapshot-paths"], p.snapshot_paths);
    read_paths(ctx, root["analysis-paths"], p.analysis_paths);
    if (Node install = root["packages-install-path"]; !install.is_null()) {
        std::string path;
        if (get_string(ctx, install, path)) {
            while (path.size() > 1 && path.back() == '/') {
                path.pop_back();
            }
            if (path.empty()) {
                ctx.error("LD012", install.loc(), "'packages-install-path' must not be empty");
            } else {
                p.packages_install_path = path;
            }
        }
    }
    // `dispatch:` (macro search orders) is kept for the renders, as dbt_configs["dispatch"].
    if (Node dispatch = root["dispatch"]; !dispatch.is_null()) {
        if (!dispatch.is_array()) {
            ctx.error("LD012", dispatch.loc(), "'dispatch' must be a list");
        } else {
            p.dbt_configs["dispatch"] = dispatch.json();
        }
    }
    // Accepted and not used by dpipe: docs-paths, asset-paths, target-path, log-path,
    // clean-targets, require-dbt-version, flags, config-version, profile
    // (read by the loader), query-comment, on-run-start/-end, quoting.
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
        if (std::string_view(block) != "sources" && std::string_view(block) != "tests") {
            check_config_tree(ctx, v);
        }
        p.dbt_configs[block] = v.json();
    }
}

void apply_dpipe_yaml(LoadContext& ctx, const Document& doc) {
    core::Project& p = *ctx.project;
    Node root = doc.node();
    check_env_ref_syntax(ctx, root);
    if (get_string(ctx, root["name"], p.name)) {
        check_project_name(ctx, root["name"], p.name);
    }
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
    read_environments(ctx, root["environments"]);
}

} // namespace dpipe::load
