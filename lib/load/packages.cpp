// Installed packages as dbt loads them: each folder under packages-install-path with a
// dbt_project.yml is a project of its own, whose model, seed and macro paths are read (never
// its tests/ or integration_tests/, which dbt does not load either). Its `models:` / `seeds:`
// blocks configure its own nodes below the root project's `models: <package>:` blocks.

#include "load/load_context.hpp"

#include <algorithm>

namespace dpipe::load {

namespace {

std::vector<std::string> package_paths(LoadContext& ctx, const Node& root, std::initializer_list<const char*> keys,
                                       std::string fallback, const std::string& base) {
    std::vector<std::string> paths{std::move(fallback)};
    for (const char* key : keys) {
        std::vector<std::string> given;
        if (get_string_list(ctx, root[key], given)) {
            paths = std::move(given);
        }
    }
    std::vector<std::string> out;
    for (auto& p : paths) {
        while (p.size() > 1 && p.back() == '/') {
            p.pop_back();
        }
        if (p.empty() || p == "." || p.find("..") != std::string::npos || p[0] == '/') {
            continue; // outside the package: not read
        }
        out.push_back(base + "/" + p);
    }
    return out;
}

// Each top-level key of `src` replaces the one of `dst`: dbt merges vars by name, not deeply.
void overlay(core::Json& dst, const core::Json& src) {
    if (!src.is_object()) {
        return;
    }
    for (const auto& [key, value] : src.items()) {
        dst[key] = value;
    }
}

// dbt's order for a node of the package, lowest first: the package's own vars, those it scopes
// to itself, then the root project's global vars, those the root scopes to the package, --vars.
core::Json package_node_vars(const core::Package& pkg, const core::Json& root_vars, const core::Json& cli) {
    core::Json out = core::Json::object();
    overlay(out, pkg.vars);
    if (auto own = pkg.vars.find(pkg.name); own != pkg.vars.end()) {
        overlay(out, *own);
    }
    overlay(out, root_vars);
    if (auto scoped = root_vars.find(pkg.name); scoped != root_vars.end()) {
        overlay(out, *scoped);
    }
    overlay(out, cli);
    return out;
}

} // namespace

void load_packages(LoadContext& ctx) {
    core::Project& p = *ctx.project;
    const std::string& install = p.packages_install_path;
    if (install.empty() || install[0] == '/' || install.find("..") != std::string::npos ||
        !ctx.options->source->is_directory(install)) {
        return;
    }
    util::ListOptions lo;
    lo.suffixes = {"dbt_project.yml"};
    lo.skip_dirs = {"integration_tests", "dbt_packages", "node_modules", "target", "logs"};
    std::vector<util::ListProblem> ignored; // packages are not the project's own files
    std::vector<std::string> files = ctx.options->source->list(install, lo, ignored);
    std::sort(files.begin(), files.end());
    ParseOptions options;
    options.tolerate_duplicate_keys = true; // dbt's file
    const std::string_view file_name = "/dbt_project.yml";
    for (const auto& rel : files) {
        if (rel.size() <= file_name.size() || rel.compare(rel.size() - file_name.size(), file_name.size(), file_name) != 0) {
            continue;
        }
        std::string folder = rel.substr(0, rel.size() - file_name.size());
        if (folder.find('/', install.size() + 1) != std::string::npos) {
            continue; // not directly in the install folder
        }
        std::optional<Document> doc = read_config(ctx, rel, false, std::nullopt, options);
        if (!doc || !doc->root.is_object()) {
            continue;
        }
        Node root = doc->node();
        core::Package pkg;
        pkg.root = folder;
        pkg.name = folder.substr(install.size() + 1);
        if (Node n = root["name"]; n.exists() && n->is_string() && !n->get<std::string>().empty()) {
            pkg.name = n->get<std::string>();
        }
        if (pkg.name == p.name) {
            continue; // the project installed into itself: dbt refuses; its files are the project's
        }
        get_string(ctx, root["version"], pkg.version);
        pkg.model_paths = package_paths(ctx, root, {"source-paths", "model-paths"}, "models", folder);
        pkg.seed_paths = package_paths(ctx, root, {"data-paths", "seed-paths"}, "seeds", folder);
        pkg.macro_paths = package_paths(ctx, root, {"macro-paths"}, "macros", folder);
        if (Node vars = root["vars"]; vars.is_object()) {
            pkg.vars = vars.json();
        }
        pkg.node_vars = package_node_vars(pkg, p.declared_vars, ctx.options->cli_vars);
        for (const char* block : {"models", "seeds"}) {
            if (Node v = root[block]; v.is_object()) {
                pkg.dbt_configs[block] = v.json();
            }
        }
        p.packages.push_back(std::move(pkg));
    }
}

} // namespace dpipe::load
