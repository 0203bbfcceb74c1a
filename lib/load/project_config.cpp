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

// A plain walk: this runs for every optional key of every resource, so it must not throw.
const core::Json* json_at(const core::Json& root, const std::string& pointer) {
    const core::Json* v = &root;
    std::size_t i = 0;
    std::string token;
    while (i < pointer.size()) {
        std::size_t next = pointer.find('/', i + 1);
        if (next == std::string::npos) {
            next = pointer.size();
        }
        token.clear();
        for (std::size_t k = i + 1; k < next; ++k) {
            if (pointer[k] == '~' && k + 1 < next) {
                token += pointer[k + 1] == '1' ? '/' : '~';
                ++k;
            } else {
                token += pointer[k];
            }
        }
        if (v->is_object()) {
            auto it = v->find(token);
            if (it == v->end()) {
                return nullptr;
            }
            v = &*it;
        } else if (v->is_array()) {
            if (token.empty() || token.size() > 9 || token.find_first_not_of("0123456789") != std::string::npos) {
                return nullptr;
            }
            std::size_t idx = std::stoul(token);
            if (idx >= v->size()) {
                return nullptr;
            }
            v = &(*v)[idx];
        } else {
            return nullptr;
        }
        i = next;
    }
    return v;
}

bool get_string(LoadContext& ctx, const Document& doc, const std::string& pointer, std::string& out) {
    const core::Json* v = json_at(doc.root, pointer);
    if (!v || v->is_null()) {
        return false;
    }
    if (v->is_string()) {
        out = v->get<std::string>();
        return true;
    }
    if (v->is_number() || v->is_boolean()) {
        out = v->dump();
        return true;
    }
    ctx.error("LD012", doc.loc(pointer), quoted_path(pointer) + " must be a string");
    return false;
}

bool get_string_list(LoadContext& ctx, const Document& doc, const std::string& pointer,
                     std::vector<std::string>& out) {
    const core::Json* v = json_at(doc.root, pointer);
    if (!v || v->is_null()) {
        return false;
    }
    if (v->is_string()) {
        out = {v->get<std::string>()};
        return true;
    }
    if (!v->is_array()) {
        ctx.error("LD012", doc.loc(pointer), quoted_path(pointer) + " must be a list of strings");
        return false;
    }
    std::vector<std::string> items;
    for (std::size_t i = 0; i < v->size(); ++i) {
        if (!(*v)[i].is_string()) {
            ctx.error("LD012", doc.loc(pointer_join(pointer, i)),
                      quoted_path(pointer_join(pointer, i)) + " must be a string");
            return false;
        }
        items.push_back((*v)[i].get<std::string>());
    }
    out = std::move(items);
    return true;
}

void get_tags(LoadContext& ctx, const Document& doc, const std::string& pointer, std::vector<std::string>& out) {
    std::vector<std::string> tags;
    if (get_string_list(ctx, doc, pointer, tags)) {
        for (auto& t : tags) {
            if (std::find(out.begin(), out.end(), t) == out.end()) {
                out.push_back(std::move(t));
            }
        }
    }
}

namespace {

void read_paths(LoadContext& ctx, const Document& doc, const std::string& pointer, std::vector<std::string>& out) {
    std::vector<std::string> paths;
    if (get_string_list(ctx, doc, pointer, paths)) {
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
    if (!doc.root.is_object()) {
        ctx.error("LD012", doc.loc(""), "dbt_project.yml must be a mapping");
        return;
    }
    if (!get_string(ctx, doc, "/name", p.name)) {
        ctx.error("LD013", doc.loc(""), "missing required key 'name' in dbt_project.yml");
    }
    // Legacy spellings first so the current ones win.
    read_paths(ctx, doc, "/source-paths", p.model_paths);
    read_paths(ctx, doc, "/model-paths", p.model_paths);
    read_paths(ctx, doc, "/data-paths", p.seed_paths);
    read_paths(ctx, doc, "/seed-paths", p.seed_paths);
    read_paths(ctx, doc, "/test-paths", p.test_paths);
    read_paths(ctx, doc, "/macro-paths", p.macro_paths);
    read_paths(ctx, doc, "/snapshot-paths", p.snapshot_paths);
    if (const auto* vars = json_at(doc.root, "/vars"); vars && !vars->is_null()) {
        if (!vars->is_object()) {
            ctx.error("LD012", doc.loc("/vars"), "'vars' must be a mapping");
        } else {
            merge_json(p.vars, *vars);
        }
    }
    for (const char* block : {"models", "seeds", "snapshots", "tests", "sources"}) {
        const auto* v = json_at(doc.root, std::string("/") + block);
        if (!v || v->is_null()) {
            continue;
        }
        if (!v->is_object()) {
            ctx.error("LD012", doc.loc(std::string("/") + block), std::string("'") + block + "' must be a mapping");
            continue;
        }
        p.dbt_configs[block] = *v;
    }
}

void apply_dpipe_yaml(LoadContext& ctx, const Document& doc) {
    core::Project& p = *ctx.project;
    get_string(ctx, doc, "/name", p.name);
    get_string(ctx, doc, "/dialect", p.dialect);
    read_paths(ctx, doc, "/paths/models", p.model_paths);
    read_paths(ctx, doc, "/paths/seeds", p.seed_paths);
    read_paths(ctx, doc, "/paths/tests", p.test_paths);
    read_paths(ctx, doc, "/paths/macros", p.macro_paths);
    read_paths(ctx, doc, "/paths/snapshots", p.snapshot_paths);
    read_paths(ctx, doc, "/paths/pipelines", p.pipeline_paths);
    const core::Json& root = doc.root;
    if (root.contains("defaults") && root["defaults"].is_object()) {
        p.defaults = root["defaults"];
    }
    if (root.contains("vars") && root["vars"].is_object()) {
        merge_json(p.vars, root["vars"]);
    }
    if (root.contains("test") && root["test"].is_object()) {
        get_string(ctx, doc, "/test/engine", p.test.engine);
        get_string(ctx, doc, "/test/image", p.test.image);
        if (const auto* jobs = json_at(root, "/test/jobs"); jobs && jobs->is_number_integer()) {
            p.test.jobs = jobs->get<int>();
        }
    }
    if (root.contains("infrastructure") && root["infrastructure"].is_object()) {
        p.infrastructure = root["infrastructure"];
    }
    if (root.contains("lint") && root["lint"].is_object()) {
        merge_json(p.lint, root["lint"]);
    }
    if (root.contains("environments") && root["environments"].is_object()) {
        for (const auto& [name, env] : root["environments"].items()) {
            std::string ptr = pointer_join("/environments", name);
            core::Environment e;
            e.name = name;
            e.loc = doc.key_loc(ptr);
            get_string(ctx, doc, ptr + "/schema", e.schema);
            get_string(ctx, doc, ptr + "/database", e.database);
            get_string(ctx, doc, ptr + "/promote_from", e.promote_from);
            if (env.is_object()) {
                for (const auto& [k, v] : env.items()) {
                    if (k == "gates" && v.is_object()) {
                        e.gates = v;
                    } else if (k != "schema" && k != "database" && k != "promote_from") {
                        e.extra[k] = v;
                    }
                }
            }
            if (e.gates.contains("max_test_age") && e.gates["max_test_age"].is_string()) {
                std::string why;
                if (!valid_duration(e.gates["max_test_age"].get<std::string>(), why)) {
                    ctx.error("LD031", doc.loc(ptr + "/gates/max_test_age"), "invalid duration: " + why);
                }
            }
            p.environments.push_back(std::move(e));
        }
        for (const auto& e : p.environments) {
            if (e.promote_from.empty()) {
                continue;
            }
            bool known = std::any_of(p.environments.begin(), p.environments.end(),
                                     [&](const core::Environment& o) { return o.name == e.promote_from; });
            if (!known || e.promote_from == e.name) {
                ctx.error("LD012", doc.loc(pointer_join("/environments", e.name) + "/promote_from"),
                          "environment '" + e.name + "' promotes from unknown environment '" + e.promote_from + "'");
            }
        }
    }
}

} // namespace dpipe::load
