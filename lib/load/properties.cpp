// dbt property files (version: 2): models, snapshots, sources, seeds, exposures, groups,
// unit_tests; analyses, model versions and the semantic layer in their own files.
// The schema has already checked the value types; this step attaches the entries to the
// resources found on disk and reports entries that name nothing (LD020) or repeat (LD021).

#include "load/load_context.hpp"
#include "load/schema.hpp"
#include "util/file_source.hpp"

#include <algorithm>

namespace dpipe::load {

namespace {

void read_meta(const Node& entry, core::Json& meta) {
    if (Node m = entry["meta"]; m.is_object()) {
        merge_json(meta, m.json());
    }
}

bool first_description(LoadContext& ctx, std::unordered_map<std::string, core::SourceLoc>& seen, const std::string& kind,
                       const std::string& name, const core::SourceLoc& at) {
    auto [it, inserted] = seen.emplace(name, at);
    if (!inserted) {
        ctx.error("LD021", at,
                  kind + " '" + name + "' is described twice (first at " + it->second.str() + ")");
        return false;
    }
    return true;
}

// The SQL of a snapshot defined in YAML (dbt 1.9: `relation: ref('orders')`): the relation's
// call written where the value stands in the property file, so that the ref's location is the
// value's, after a `select * from` on the line above.
std::string yaml_snapshot_sql(std::string_view file_text, const core::SourceLoc& at, const std::string& relation) {
    std::string out;
    int col = at.col;
    std::size_t line_start = 0;
    for (int l = 1; l < at.line && line_start < file_text.size(); ++l) {
        std::size_t nl = file_text.find('\n', line_start);
        line_start = nl == std::string_view::npos ? file_text.size() : nl + 1;
    }
    std::size_t value_at = line_start + static_cast<std::size_t>(col > 0 ? col - 1 : 0);
    if (value_at < file_text.size() && (file_text[value_at] == '"' || file_text[value_at] == '\'')) {
        ++col; // a quoted scalar: the call starts after the quote
    }
    if (at.line < 2 || col < 4) {
        return "select * from {{ " + relation + " }}";
    }
    out.append(static_cast<std::size_t>(at.line - 2), '\n');
    out += "select * from\n";
    out.append(static_cast<std::size_t>(col - 4), ' ');
    out += "{{ " + relation + " }}\n";
    return out;
}

// Adds the snapshot a property file defines with `relation:` (no SQL file); false when the
// relation is not a string.
bool add_yaml_snapshot(LoadContext& ctx, const Node& entry, const std::string& name) {
    std::string relation;
    if (!get_string(ctx, entry["relation"], relation)) {
        return false;
    }
    core::Project& p = *ctx.project;
    const std::string& file = entry["name"].loc().file;
    core::Model m;
    m.name = name;
    m.package = ctx.current_package.empty() ? p.name : ctx.current_package;
    m.path = file;
    m.is_snapshot = true;
    m.loc = entry["name"].loc();
    std::string sql = yaml_snapshot_sql(p.sources_text->get(file), entry["relation"].loc(), relation);
    m.content_id = util::git_blob_id(sql);
    m.raw_sql = p.sources_text->add(file + "#" + name, std::move(sql));
    ctx.model_index.emplace(ctx.index_key(m.package, name), p.models.size());
    p.models.push_back(std::move(m));
    return true;
}

void apply_model(LoadContext& ctx, const Node& entry, bool snapshot) {
    std::string name;
    if (!get_string(ctx, entry["name"], name)) {
        return;
    }
    core::SourceLoc at = entry["name"].loc();
    const char* kind = snapshot ? "snapshot" : "model";
    const std::string key = ctx.index_key(ctx.current_package, name);
    if (!snapshot && entry["versions"].is_array() && entry["versions"].size() > 0) {
        if (first_description(ctx, ctx.model_props_seen, kind, key, at)) {
            apply_model_versions(ctx, entry, name);
        }
        return;
    }
    auto it = ctx.model_index.find(key);
    if (it == ctx.model_index.end() && snapshot && entry["relation"].exists()) {
        if (!add_yaml_snapshot(ctx, entry, name)) {
            return;
        }
        it = ctx.model_index.find(key);
    }
    if (it == ctx.model_index.end() || ctx.project->models[it->second].is_snapshot != snapshot) {
        std::string where = snapshot ? "snapshot-paths" : "model-paths";
        ctx.warning("LD020", at,
                    std::string("properties for unknown ") + kind + " '" + name + "': no " + name +
                        (snapshot ? " snapshot block or relation" : ".sql") + " under the " + where +
                        "; the entry is ignored, as dbt does");
        return;
    }
    if (!first_description(ctx, ctx.model_props_seen, kind, key, at)) {
        return;
    }
    core::Model& m = ctx.project->models[it->second];
    m.properties_loc = at;
    get_string(ctx, entry["description"], m.description);
    if (Node cfg = entry["config"]; cfg.is_object()) {
        check_resource_config(ctx, cfg);
        merge_json(m.config, cfg.json());
    }
    // dbt also takes `group:` beside `config:`; a group set in config wins.
    if (std::string group; get_string(ctx, entry["group"], group) && !m.config.contains("group")) {
        m.config["group"] = group;
    }
    read_meta(entry, m.meta);
    get_tags(ctx, entry["tags"], m.tags);
    m.tests = parse_tests(ctx, entry, "");
    m.columns = parse_columns(ctx, entry, m.tests);
}

void apply_source(LoadContext& ctx, const Node& entry) {
    std::string source_name;
    if (!get_string(ctx, entry["name"], source_name)) {
        return;
    }
    std::string schema = source_name;
    std::string database;
    std::string description;
    core::Json meta = core::Json::object();
    std::vector<std::string> tags;
    get_string(ctx, entry["schema"], schema);
    get_string(ctx, entry["database"], database);
    get_string(ctx, entry["description"], description);
    read_meta(entry, meta);
    get_tags(ctx, entry["tags"], tags);
    Node tables = entry["tables"];
    if (!tables.is_array()) {
        return;
    }
    for (std::size_t i = 0; i < tables.size(); ++i) {
        Node table = tables[i];
        core::SourceTable t;
        t.source_name = source_name;
        if (!get_string(ctx, table["name"], t.name)) {
            continue;
        }
        t.loc = table["name"].loc();
        t.package = ctx.current_package.empty() ? ctx.project->name : ctx.current_package;
        const core::SourceTable* dup = nullptr;
        for (const auto& other : ctx.project->sources) {
            if (other.package == t.package && other.source_name == source_name && other.name == t.name) {
                dup = &other;
            }
        }
        if (dup) {
            ctx.error("LD021", t.loc,
                      "source table '" + source_name + "." + t.name + "' is declared twice (first at " +
                          dup->loc.str() + ")");
            continue;
        }
        t.identifier = t.name;
        get_string(ctx, table["identifier"], t.identifier);
        t.schema = schema;
        t.database = database;
        t.description = description;
        get_string(ctx, table["description"], t.description);
        t.meta = meta;
        read_meta(table, t.meta);
        t.tags = tags;
        get_tags(ctx, table["tags"], t.tags);
        if (t.meta.contains("owner") && t.meta["owner"].is_string()) {
            t.owner = t.meta["owner"].get<std::string>();
        }
        if (t.meta.contains("fixture") && t.meta["fixture"].is_string()) {
            t.fixture = t.meta["fixture"].get<std::string>();
        }
        t.tests = parse_tests(ctx, table, "");
        t.columns = parse_columns(ctx, table, t.tests);
        ctx.project->sources.push_back(std::move(t));
    }
}

void apply_seed(LoadContext& ctx, const Node& entry) {
    std::string name;
    if (!get_string(ctx, entry["name"], name)) {
        return;
    }
    core::SourceLoc at = entry["name"].loc();
    const std::string key = ctx.index_key(ctx.current_package, name);
    auto it = ctx.seed_index.find(key);
    if (it == ctx.seed_index.end()) {
        ctx.warning("LD020", at,
                    "properties for unknown seed '" + name + "': no " + name +
                        ".csv under the seed-paths; the entry is ignored, as dbt does");
        return;
    }
    if (!first_description(ctx, ctx.seed_props_seen, "seed", key, at)) {
        return;
    }
    core::Seed& s = ctx.project->seeds[it->second];
    s.properties_loc = at;
    get_string(ctx, entry["description"], s.description);
    if (Node cfg = entry["config"]; cfg.is_object()) {
        check_resource_config(ctx, cfg);
        merge_json(s.config, cfg.json());
    }
    read_meta(entry, s.meta);
    get_tags(ctx, entry["tags"], s.tags);
    s.tests = parse_tests(ctx, entry, "");
    // Declared columns refine the header columns (type, description, tests). A declared column
    // missing from the header is only documentation to dbt, which never compares the two: a
    // warning here, and the seed's columns stay those of its header.
    for (auto& declared : parse_columns(ctx, entry, s.tests)) {
        auto col = std::find_if(s.columns.begin(), s.columns.end(),
                                [&](const core::Column& c) { return c.name == declared.name; });
        if (col == s.columns.end()) {
            ctx.warning("LD020", declared.loc,
                        "column '" + declared.name + "' is not in the header of " + s.path +
                            ": the seed has no such column (dbt does not check this)");
            continue;
        }
        core::SourceLoc header_loc = col->loc;
        *col = std::move(declared);
        col->loc = header_loc;
    }
}

void apply_exposure(LoadContext& ctx, const Node& entry) {
    core::Exposure e;
    if (!get_string(ctx, entry["name"], e.name)) {
        return;
    }
    e.loc = entry["name"].loc();
    for (const auto& other : ctx.project->exposures) {
        if (other.name == e.name) {
            ctx.error("LD021", e.loc, "exposure '" + e.name + "' is declared twice (first at " + other.loc.str() + ")");
            return;
        }
    }
    get_string(ctx, entry["type"], e.type);
    get_string(ctx, entry["owner"]["name"], e.owner_name);
    get_string(ctx, entry["owner"]["email"], e.owner_email);
    get_string(ctx, entry["url"], e.url);
    get_string(ctx, entry["description"], e.description);
    get_string(ctx, entry["maturity"], e.maturity);
    read_meta(entry, e.meta);
    if (Node deps = entry["depends_on"]; deps.is_array()) {
        for (std::size_t i = 0; i < deps.size(); ++i) {
            Node dep = deps[i];
            if (dep->is_string()) {
                e.depends_on.push_back(dep->get<std::string>());
                e.depends_on_locs.push_back(dep.loc());
            }
        }
    }
    ctx.project->exposures.push_back(std::move(e));
}

void apply_group(LoadContext& ctx, const Node& entry) {
    core::Group g;
    if (!get_string(ctx, entry["name"], g.name)) {
        return;
    }
    g.loc = entry["name"].loc();
    if (const core::Group* other = ctx.project->find_group(g.name)) {
        ctx.error("LD021", g.loc, "group '" + g.name + "' is declared twice (first at " + other->loc.str() + ")");
        return;
    }
    get_string(ctx, entry["owner"]["name"], g.owner_name);
    get_string(ctx, entry["owner"]["email"], g.owner_email);
    get_string(ctx, entry["description"], g.description);
    ctx.project->groups.push_back(std::move(g));
}

core::UnitTestInput read_rows(LoadContext& ctx, const Node& entry) {
    core::UnitTestInput in;
    in.loc = entry.loc();
    get_string(ctx, entry["input"], in.input);
    get_string(ctx, entry["format"], in.format);
    if (Node rows = entry["rows"]; !rows.is_null()) {
        in.rows = rows.json();
        if (in.format == "dict" && !rows.is_array()) {
            ctx.error("LD012", rows.loc(), "rows in format 'dict' must be a list of mappings");
        } else if (in.format != "dict" && !rows->is_string()) {
            ctx.error("LD012", rows.loc(), "rows in format '" + in.format + "' must be a string");
        }
    }
    return in;
}

void apply_unit_test(LoadContext& ctx, const Node& entry) {
    core::UnitTest u;
    if (!get_string(ctx, entry["name"], u.name) || !get_string(ctx, entry["model"], u.model)) {
        return;
    }
    u.loc = entry["name"].loc();
    u.model_loc = entry["model"].loc(); // checked once every property file is read (check_unit_tests)
    get_string(ctx, entry["description"], u.description);
    if (Node given = entry["given"]; given.is_array()) {
        for (std::size_t i = 0; i < given.size(); ++i) {
            u.given.push_back(read_rows(ctx, given[i]));
        }
    }
    if (Node expect = entry["expect"]; expect.exists()) {
        u.expect = read_rows(ctx, expect);
    }
    if (Node o = entry["overrides"]; o.is_object()) {
        u.overrides = o.json();
    }
    ctx.project->unit_tests.push_back(std::move(u));
}

template <typename Fn> void each_entry(const Node& root, const char* key, Fn fn) {
    Node list = root[key];
    for (std::size_t i = 0; i < list.size() && list.is_array(); ++i) {
        if (Node entry = list[i]; entry.is_object()) {
            fn(entry);
        }
    }
}

} // namespace

void apply_property_file(LoadContext& ctx, const Document& doc) {
    ctx.diags.insert(ctx.diags.end(), doc.warnings.begin(), doc.warnings.end());
    Node root = doc.node();
    if (!root.is_object()) {
        return; // empty file, or reported by the schema
    }
    each_entry(root, "models", [&](const Node& e) { apply_model(ctx, e, false); });
    each_entry(root, "snapshots", [&](const Node& e) { apply_model(ctx, e, true); });
    each_entry(root, "sources", [&](const Node& e) { apply_source(ctx, e); });
    each_entry(root, "seeds", [&](const Node& e) { apply_seed(ctx, e); });
    each_entry(root, "exposures", [&](const Node& e) { apply_exposure(ctx, e); });
    each_entry(root, "groups", [&](const Node& e) { apply_group(ctx, e); });
    each_entry(root, "unit_tests", [&](const Node& e) { apply_unit_test(ctx, e); });
    each_entry(root, "analyses", [&](const Node& e) { apply_analysis(ctx, e); });
    each_entry(root, "semantic_models", [&](const Node& e) { apply_semantic_model(ctx, e); });
    each_entry(root, "metrics", [&](const Node& e) { apply_metric(ctx, e); });
    each_entry(root, "saved_queries", [&](const Node& e) { apply_saved_query(ctx, e); });
}

// A unit test's model may be declared in a property file read later (a versioned model's
// `versions:`), so the names are checked only once all of them are applied.
void check_unit_tests(LoadContext& ctx) {
    auto& tests = ctx.project->unit_tests;
    auto unknown = [&](const core::UnitTest& u) {
        if (ctx.model_index.find(u.model) != ctx.model_index.end()) {
            return false;
        }
        ctx.error("LD020", u.model_loc, "unit test '" + u.name + "' names unknown model '" + u.model + "'");
        return true;
    };
    tests.erase(std::remove_if(tests.begin(), tests.end(), unknown), tests.end());
}

} // namespace dpipe::load
