// dbt property files (version: 2): models, snapshots, sources, seeds, exposures, unit_tests.
// The schema has already checked the value types; this step attaches the entries to the
// resources found on disk and reports entries that name nothing (LD020) or repeat (LD021).

#include "load/load_context.hpp"
#include "load/schema.hpp"

#include <algorithm>

namespace dpipe::load {

namespace {

const core::Json* array_at(const Document& doc, const std::string& pointer) {
    const core::Json* v = json_at(doc.root, pointer);
    return v && v->is_array() ? v : nullptr;
}

void read_meta(const Document& doc, const std::string& ptr, core::Json& meta) {
    if (const auto* m = json_at(doc.root, ptr + "/meta"); m && m->is_object()) {
        merge_json(meta, *m);
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

void apply_model(LoadContext& ctx, const Document& doc, const std::string& ptr, bool snapshot) {
    std::string name;
    if (!get_string(ctx, doc, ptr + "/name", name)) {
        return;
    }
    core::SourceLoc at = doc.loc(ptr + "/name");
    const char* kind = snapshot ? "snapshot" : "model";
    auto it = ctx.model_index.find(name);
    if (it == ctx.model_index.end() || ctx.project->models[it->second].is_snapshot != snapshot) {
        std::string where = snapshot ? "snapshot-paths" : "model-paths";
        ctx.error("LD020", at,
                  std::string("properties for unknown ") + kind + " '" + name + "': no " + name + ".sql under the " +
                      where);
        return;
    }
    if (!first_description(ctx, ctx.model_props_seen, kind, name, at)) {
        return;
    }
    core::Model& m = ctx.project->models[it->second];
    m.properties_loc = at;
    get_string(ctx, doc, ptr + "/description", m.description);
    if (const auto* cfg = json_at(doc.root, ptr + "/config"); cfg && cfg->is_object()) {
        merge_json(m.config, *cfg);
    }
    read_meta(doc, ptr, m.meta);
    get_tags(ctx, doc, ptr + "/tags", m.tags);
    m.tests = parse_tests(ctx, doc, ptr, "");
    m.columns = parse_columns(ctx, doc, ptr, m.tests);
}

void apply_source(LoadContext& ctx, const Document& doc, const std::string& ptr) {
    std::string source_name;
    if (!get_string(ctx, doc, ptr + "/name", source_name)) {
        return;
    }
    std::string schema = source_name;
    std::string database;
    std::string description;
    core::Json meta = core::Json::object();
    std::vector<std::string> tags;
    get_string(ctx, doc, ptr + "/schema", schema);
    get_string(ctx, doc, ptr + "/database", database);
    get_string(ctx, doc, ptr + "/description", description);
    read_meta(doc, ptr, meta);
    get_tags(ctx, doc, ptr + "/tags", tags);
    const core::Json* tables = array_at(doc, ptr + "/tables");
    if (!tables) {
        return;
    }
    for (std::size_t i = 0; i < tables->size(); ++i) {
        std::string tptr = pointer_join(ptr + "/tables", i);
        core::SourceTable t;
        t.source_name = source_name;
        if (!get_string(ctx, doc, tptr + "/name", t.name)) {
            continue;
        }
        t.loc = doc.loc(tptr + "/name");
        if (const auto* dup = ctx.project->find_source(source_name, t.name)) {
            ctx.error("LD021", t.loc,
                      "source table '" + source_name + "." + t.name + "' is declared twice (first at " +
                          dup->loc.str() + ")");
            continue;
        }
        t.identifier = t.name;
        get_string(ctx, doc, tptr + "/identifier", t.identifier);
        t.schema = schema;
        t.database = database;
        t.description = description;
        get_string(ctx, doc, tptr + "/description", t.description);
        t.meta = meta;
        read_meta(doc, tptr, t.meta);
        t.tags = tags;
        get_tags(ctx, doc, tptr + "/tags", t.tags);
        if (t.meta.contains("owner") && t.meta["owner"].is_string()) {
            t.owner = t.meta["owner"].get<std::string>();
        }
        if (t.meta.contains("fixture") && t.meta["fixture"].is_string()) {
            t.fixture = t.meta["fixture"].get<std::string>();
        }
        t.tests = parse_tests(ctx, doc, tptr, "");
        t.columns = parse_columns(ctx, doc, tptr, t.tests);
        ctx.project->sources.push_back(std::move(t));
    }
}

void apply_seed(LoadContext& ctx, const Document& doc, const std::string& ptr) {
    std::string name;
    if (!get_string(ctx, doc, ptr + "/name", name)) {
        return;
    }
    core::SourceLoc at = doc.loc(ptr + "/name");
    auto it = ctx.seed_index.find(name);
    if (it == ctx.seed_index.end()) {
        ctx.error("LD020", at, "properties for unknown seed '" + name + "': no " + name + ".csv under the seed-paths");
        return;
    }
    if (!first_description(ctx, ctx.seed_props_seen, "seed", name, at)) {
        return;
    }
    core::Seed& s = ctx.project->seeds[it->second];
    s.properties_loc = at;
    get_string(ctx, doc, ptr + "/description", s.description);
    if (const auto* cfg = json_at(doc.root, ptr + "/config"); cfg && cfg->is_object()) {
        merge_json(s.config, *cfg);
    }
    read_meta(doc, ptr, s.meta);
    get_tags(ctx, doc, ptr + "/tags", s.tags);
    s.tests = parse_tests(ctx, doc, ptr, "");
    // Declared columns refine the header columns (type, description, tests); a declared column
    // missing from the header is an error, as the seed could never satisfy it.
    for (auto& declared : parse_columns(ctx, doc, ptr, s.tests)) {
        auto col = std::find_if(s.columns.begin(), s.columns.end(),
                                [&](const core::Column& c) { return c.name == declared.name; });
        if (col == s.columns.end()) {
            ctx.error("LD020", declared.loc,
                      "column '" + declared.name + "' is not in the header of " + s.path);
            continue;
        }
        core::SourceLoc header_loc = col->loc;
        *col = std::move(declared);
        col->loc = header_loc;
    }
}

void apply_exposure(LoadContext& ctx, const Document& doc, const std::string& ptr) {
    core::Exposure e;
    if (!get_string(ctx, doc, ptr + "/name", e.name)) {
        return;
    }
    e.loc = doc.loc(ptr + "/name");
    for (const auto& other : ctx.project->exposures) {
        if (other.name == e.name) {
            ctx.error("LD021", e.loc, "exposure '" + e.name + "' is declared twice (first at " + other.loc.str() + ")");
            return;
        }
    }
    get_string(ctx, doc, ptr + "/type", e.type);
    get_string(ctx, doc, ptr + "/owner/name", e.owner_name);
    get_string(ctx, doc, ptr + "/owner/email", e.owner_email);
    get_string(ctx, doc, ptr + "/url", e.url);
    get_string(ctx, doc, ptr + "/description", e.description);
    get_string(ctx, doc, ptr + "/maturity", e.maturity);
    read_meta(doc, ptr, e.meta);
    if (const core::Json* deps = array_at(doc, ptr + "/depends_on")) {
        for (std::size_t i = 0; i < deps->size(); ++i) {
            if ((*deps)[i].is_string()) {
                e.depends_on.push_back((*deps)[i].get<std::string>());
                e.depends_on_locs.push_back(doc.loc(pointer_join(ptr + "/depends_on", i)));
            }
        }
    }
    ctx.project->exposures.push_back(std::move(e));
}

core::UnitTestInput read_rows(LoadContext& ctx, const Document& doc, const std::string& ptr) {
    core::UnitTestInput in;
    in.loc = doc.loc(ptr);
    get_string(ctx, doc, ptr + "/input", in.input);
    get_string(ctx, doc, ptr + "/format", in.format);
    if (const auto* rows = json_at(doc.root, ptr + "/rows"); rows && !rows->is_null()) {
        in.rows = *rows;
        if (in.format == "dict" && !rows->is_array()) {
            ctx.error("LD012", doc.loc(ptr + "/rows"), "rows in format 'dict' must be a list of mappings");
        } else if (in.format != "dict" && !rows->is_string()) {
            ctx.error("LD012", doc.loc(ptr + "/rows"), "rows in format '" + in.format + "' must be a string");
        }
    }
    return in;
}

void apply_unit_test(LoadContext& ctx, const Document& doc, const std::string& ptr) {
    core::UnitTest u;
    if (!get_string(ctx, doc, ptr + "/name", u.name) || !get_string(ctx, doc, ptr + "/model", u.model)) {
        return;
    }
    u.loc = doc.loc(ptr + "/name");
    if (ctx.model_index.find(u.model) == ctx.model_index.end()) {
        ctx.error("LD020", doc.loc(ptr + "/model"), "unit test '" + u.name + "' names unknown model '" + u.model + "'");
        return;
    }
    get_string(ctx, doc, ptr + "/description", u.description);
    if (const core::Json* given = array_at(doc, ptr + "/given")) {
        for (std::size_t i = 0; i < given->size(); ++i) {
            u.given.push_back(read_rows(ctx, doc, pointer_join(ptr + "/given", i)));
        }
    }
    if (json_at(doc.root, ptr + "/expect")) {
        u.expect = read_rows(ctx, doc, ptr + "/expect");
    }
    if (const auto* o = json_at(doc.root, ptr + "/overrides"); o && o->is_object()) {
        u.overrides = *o;
    }
    ctx.project->unit_tests.push_back(std::move(u));
}

template <typename Fn> void each_entry(const Document& doc, const char* key, Fn fn) {
    std::string list_ptr = std::string("/") + key;
    if (const core::Json* list = array_at(doc, list_ptr)) {
        for (std::size_t i = 0; i < list->size(); ++i) {
            if ((*list)[i].is_object()) {
                fn(pointer_join(list_ptr, i));
            }
        }
    }
}

} // namespace

void apply_property_file(LoadContext& ctx, const Document& doc) {
    if (!doc.root.is_object()) {
        return; // empty file, or reported by the schema
    }
    each_entry(doc, "models", [&](const std::string& p) { apply_model(ctx, doc, p, false); });
    each_entry(doc, "snapshots", [&](const std::string& p) { apply_model(ctx, doc, p, true); });
    each_entry(doc, "sources", [&](const std::string& p) { apply_source(ctx, doc, p); });
    each_entry(doc, "seeds", [&](const std::string& p) { apply_seed(ctx, doc, p); });
    each_entry(doc, "exposures", [&](const std::string& p) { apply_exposure(ctx, doc, p); });
    each_entry(doc, "unit_tests", [&](const std::string& p) { apply_unit_test(ctx, doc, p); });
}

} // namespace dpipe::load
