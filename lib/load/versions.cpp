// dbt model versions: a model entry with `versions:` describes one model per version, each read
// from its own file (`defined_in`, default `<name>_v<v>.sql`). Every version keeps the model's
// name and gets the entry's description, config, tags, tests and columns; its own `config`,
// `data_tests` and `columns` refine them (`- include: all | [..]`, `exclude: [..]` choose which
// of the entry's columns it keeps, as dbt does). The latest version (`latest_version`, else the
// greatest `v`) is what an unpinned ref('name') reads.

#include "load/load_context.hpp"

#include <algorithm>
#include <cstdlib>

namespace dpipe::load {

namespace {

// "2" for v: 2, "1.5" for v: 1.5, the string for v: "beta".
std::string version_text(const Node& v) {
    if (v->is_string()) {
        return v->get<std::string>();
    }
    if (v->is_number()) {
        return v->dump();
    }
    return {};
}

// dbt orders versions numerically when both are numbers, else as strings.
bool version_less(const std::string& a, const std::string& b) {
    char* ea = nullptr;
    char* eb = nullptr;
    double da = std::strtod(a.c_str(), &ea);
    double db = std::strtod(b.c_str(), &eb);
    bool numeric = !a.empty() && !b.empty() && *ea == '\0' && *eb == '\0';
    return numeric ? da < db : a < b;
}

// Which of the entry's columns a version keeps: its `include`/`exclude` entry, else all.
struct ColumnFilter {
    bool all = true;
    std::vector<std::string> include;
    std::vector<std::string> exclude;

    bool keeps(const std::string& column) const {
        if (std::find(exclude.begin(), exclude.end(), column) != exclude.end()) {
            return false;
        }
        return all || std::find(include.begin(), include.end(), column) != include.end();
    }
};

ColumnFilter column_filter(LoadContext& ctx, const Node& version) {
    ColumnFilter f;
    Node cols = version["columns"];
    for (std::size_t i = 0; cols.is_array() && i < cols.size(); ++i) {
        Node c = cols[i];
        if (!c.is_object() || !c["include"].exists()) {
            continue;
        }
        Node include = c["include"];
        if (include->is_string()) {
            const std::string& s = include->get_ref<const std::string&>();
            f.all = s == "all" || s == "*";
            if (!f.all) {
                ctx.error("LD012", include.loc(), "'include' is 'all', '*' or a list of column names, not '" + s + "'");
                f.all = true;
            }
        } else {
            f.all = false;
            get_string_list(ctx, include, f.include);
        }
        get_string_list(ctx, c["exclude"], f.exclude);
    }
    return f;
}

} // namespace

bool apply_model_versions(LoadContext& ctx, const Node& entry, const std::string& name) {
    Node versions = entry["versions"];
    if (!versions.is_array() || versions.size() == 0) {
        return false;
    }
    core::Project& p = *ctx.project;
    const std::string& pkg = ctx.current_package.empty() ? p.name : ctx.current_package;
    // The entry's own properties, shared by every version.
    std::string description;
    get_string(ctx, entry["description"], description);
    core::Json config = core::Json::object();
    if (Node cfg = entry["config"]; cfg.is_object()) {
        check_resource_config(ctx, cfg);
        merge_json(config, cfg.json());
    }
    if (std::string group; get_string(ctx, entry["group"], group) && !config.contains("group")) {
        config["group"] = group;
    }
    core::Json meta = core::Json::object();
    if (Node m = entry["meta"]; m.is_object()) {
        merge_json(meta, m.json());
    }
    std::vector<std::string> tags;
    get_tags(ctx, entry["tags"], tags);
    std::vector<core::TestSpec> tests = parse_tests(ctx, entry, "");
    std::vector<core::Column> columns = parse_columns(ctx, entry, tests);

    std::vector<std::string> vs;
    for (std::size_t i = 0; i < versions.size(); ++i) {
        Node v = versions[i]["v"];
        std::string text = version_text(v);
        if (text.empty()) {
            ctx.error("LD012", versions[i].is_object() ? v.loc() : versions[i].loc(),
                      "each entry of 'versions' needs 'v', a number or a string");
        }
        vs.push_back(std::move(text));
    }
    std::string latest;
    if (Node l = entry["latest_version"]; l.exists() && !l.is_null()) {
        latest = version_text(l);
        if (std::find(vs.begin(), vs.end(), latest) == vs.end()) {
            ctx.error("LD074", l.loc(),
                      "latest_version " + latest + " of model '" + name + "' is none of its versions");
        }
    } else {
        for (const auto& v : vs) {
            if (!v.empty() && (latest.empty() || version_less(latest, v))) {
                latest = v;
            }
        }
    }

    for (std::size_t i = 0; i < versions.size(); ++i) {
        Node version = versions[i];
        const std::string& v = vs[i];
        if (v.empty() || !version.is_object()) {
            continue;
        }
        std::string file = name + "_v" + v;
        get_string(ctx, version["defined_in"], file);
        auto it = ctx.model_index.find(ctx.index_key(ctx.current_package, file));
        if (it == ctx.model_index.end() || p.models[it->second].is_snapshot || !p.models[it->second].version.empty()) {
            ctx.warning("LD020", version["v"].loc(),
                        "version " + v + " of model '" + name + "': no " + file +
                            ".sql under the model-paths; the version is ignored");
            continue;
        }
        std::size_t index = it->second;
        ctx.model_index.erase(it);
        ctx.model_index[ctx.index_key(ctx.current_package, name + ".v" + v)] = index;
        if (v == latest) {
            // ref('name') and unit tests naming the model read the latest version, unless a
            // model file of that very name exists (dbt reports the clash).
            ctx.model_index.emplace(ctx.index_key(ctx.current_package, name), index);
        }
        core::Model& m = p.models[index];
        m.name = name;
        m.package = pkg;
        m.version = v;
        m.latest_version = v == latest;
        m.properties_loc = version["v"].loc();
        m.description = description;
        merge_json(m.config, config);
        if (Node cfg = version["config"]; cfg.is_object()) {
            check_resource_config(ctx, cfg);
            merge_json(m.config, cfg.json());
        }
        m.meta = meta;
        if (Node vm = version["meta"]; vm.is_object()) {
            merge_json(m.meta, vm.json());
        }
        m.tags = tags;
        get_tags(ctx, version["tags"], m.tags);
        ColumnFilter filter = column_filter(ctx, version);
        m.columns.clear();
        for (const auto& c : columns) {
            if (filter.keeps(c.name)) {
                m.columns.push_back(c);
            }
        }
        m.tests.clear();
        for (const auto& t : tests) {
            if (t.column.empty() || filter.keeps(t.column)) {
                m.tests.push_back(t);
            }
        }
        for (auto& t : parse_tests(ctx, version, "")) {
            m.tests.push_back(std::move(t));
        }
        for (auto& c : parse_columns(ctx, version, m.tests)) {
            auto same = std::find_if(m.columns.begin(), m.columns.end(),
                                     [&](const core::Column& k) { return k.name == c.name; });
            if (same != m.columns.end()) {
                *same = std::move(c);
            } else {
                m.columns.push_back(std::move(c));
            }
        }
    }
    return true;
}

} // namespace dpipe::load
