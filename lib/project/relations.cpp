#include "project/relations.hpp"

#include "graph/graph.hpp"
#include "sql/dialect.hpp"

namespace dpipe::project {

namespace {

std::string quote(const core::Project& p, std::string_view ident) {
    // The dialect's own identifier quote (backticks for bigquery and databricks, ...).
    auto dialect = sql::parse_dialect(p.dialect);
    char q = dialect ? sql::traits(*dialect).ident_quote : '"';
    std::string out(1, q);
    for (char c : ident) {
        if (c == q) {
            out += q;
        }
        out += c;
    }
    out += q;
    return out;
}

std::string config_string(const core::Json& config, const char* key) {
    auto it = config.find(key);
    return it != config.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

RelationMap relation_map(const core::Project& p, const std::string& schema,
                         const std::string& source_schema_prefix, bool flat) {
    RelationMap map;
    for (const auto& s : p.seeds) {
        map.refs[s.name] = relation_name(p, model_schema(s.config, schema), s.name, flat);
    }
    for (const auto& m : p.models) {
        std::string alias = config_string(m.config, "alias");
        std::string rel = relation_name(p, model_schema(m.config, schema), alias.empty() ? m.default_alias() : alias, flat);
        if (!m.version.empty()) {
            // ref('m', v=2) reads "m.v2"; an unpinned ref('m') the latest version.
            map.refs[m.node_name()] = rel;
            if (!m.latest_version) {
                continue;
            }
        }
        map.refs[m.name] = std::move(rel);
    }
    for (const auto& s : p.sources) {
        std::string rel;
        if (!s.database.empty() && !flat) {
            rel = quote(p, s.database) + ".";
        }
        rel += relation_name(p, source_schema_prefix + (s.schema.empty() ? s.source_name : s.schema),
                             s.identifier.empty() ? s.name : s.identifier, flat);
        map.sources[s.source_name + "." + s.name] = rel;
    }
    return map;
}

std::string RelationMap::ref(const core::Project& p, const std::string& schema, const core::Ref& r) const {
    auto it = refs.find(ref_key(r));
    if (it != refs.end()) {
        return it->second;
    }
    return relation_name(p, schema, r.version.empty() ? r.name : r.name + "_v" + r.version);
}

std::string RelationMap::source(const core::Project& p, const core::SourceCall& s) const {
    auto it = sources.find(s.source_name + "." + s.table_name);
    return it != sources.end() ? it->second : relation_name(p, s.source_name, s.table_name);
}

std::string RelationMap::resolve_call_text(const std::string& text) const {
    graph::CallText call;
    if (!graph::parse_call_text(text, call)) {
        return {};
    }
    const auto& map = call.fn == "ref" ? refs : sources;
    auto it = map.find(call.fn == "ref" ? call.args.back() : call.args[0] + "." + call.args[1]);
    return it == map.end() ? std::string() : it->second;
}

std::string relation_name(const core::Project& p, std::string_view schema, std::string_view identifier,
                          bool flat) {
    if (flat) {
        return quote(p, std::string(schema) + "__" + std::string(identifier));
    }
    return quote(p, schema) + "." + quote(p, identifier);
}

std::string model_schema(const core::Json& config, std::string_view target_schema) {
    std::string custom = config_string(config, "schema");
    if (custom.empty()) {
        return std::string(target_schema);
    }
    return std::string(target_schema) + "_" + custom;
}

std::string target_schema(const core::Project& p, std::string_view env) {
    for (const auto& e : p.environments) {
        if (e.name == env && !e.schema.empty()) {
            return e.schema;
        }
    }
    if (env == p.target.name && !p.target.schema.empty()) {
        return p.target.schema;
    }
    return "analytics";
}

} // namespace dpipe::project
