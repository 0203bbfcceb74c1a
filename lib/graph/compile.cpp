#include "graph/compile.hpp"

#include "core/error.hpp"
#include "load/loader.hpp"
#include "template/render.hpp"
#include "util/strings.hpp"
#include "util/thread_pool.hpp"

#include <algorithm>

#include <unordered_map>

namespace dpipe::graph {

namespace {

std::string quote(const core::Project& p, std::string_view ident) {
    char q = p.dialect == "bigquery" ? '`' : '"';
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
        map.refs[m.name] =
            relation_name(p, model_schema(m.config, schema), alias.empty() ? m.name : alias, flat);
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

std::string RelationMap::resolve_call_text(const std::string& text) const {
    CallText call;
    if (!parse_call_text(text, call)) {
        return {};
    }
    const auto& map = call.fn == "ref" ? refs : sources;
    auto it = map.find(call.fn == "ref" ? call.args.back() : call.args[0] + "." + call.args[1]);
    return it == map.end() ? std::string() : it->second;
}

namespace {

// Merges what config() calls in the SQL set into the model (SQL config wins).
void apply_sql_config(core::Model& m) {
    for (const auto& [key, value] : m.rendered.config.items()) {
        m.config[key] = value;
    }
    auto tags = m.rendered.config.find("tags");
    if (tags != m.rendered.config.end()) {
        auto add = [&](const core::Json& t) {
            if (t.is_string() &&
                std::find(m.tags.begin(), m.tags.end(), t.get<std::string>()) == m.tags.end()) {
                m.tags.push_back(t.get<std::string>());
            }
        };
        if (tags->is_array()) {
            for (const auto& t : *tags) {
                add(t);
            }
        } else {
            add(*tags);
        }
    }
}

} // namespace

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
    return "analytics";
}

CompiledProject compile_project(const CompileOptions& options) {
    load::LoadOptions lo;
    lo.start_dir = options.start_dir;
    lo.cli_vars = options.cli_vars;
    lo.jobs = options.jobs;
    load::LoadResult loaded = load::load_project(lo);
    CompiledProject out;
    out.project = std::move(loaded.project);
    core::Project& p = out.project;
    core::CollectingSink sink;
    for (auto& d : loaded.diagnostics) {
        sink.report(std::move(d));
    }

    tmpl::MacroRegistry macros;
    macros.set_root_package(p.name);
    for (const auto& mf : p.macros) {
        macros.add_file(mf.package, mf.path, mf.text, sink);
    }

    std::string schema =
        options.schema_override.empty() ? target_schema(p, options.target) : options.schema_override;
    out.schema = schema;
    out.relations = relation_map(p, schema, options.source_schema_prefix, options.flat_relations);
    const RelationMap& map = out.relations;
    tmpl::Target target;
    target.name = options.target;
    target.schema = schema;
    target.type = p.dialect;

    auto render_one = [&](const std::string& text, const std::string& file, const std::string& name,
                          core::Rendered& out_rendered) {
        tmpl::RenderRequest req;
        req.text = text;
        req.file = file;
        req.macros = &macros;
        req.vars = &p.vars;
        req.target = target;
        req.model_name = name;
        req.resolve_ref = [&](const core::Ref& r) {
            auto it = map.refs.find(r.name);
            return it != map.refs.end() ? it->second : relation_name(p, schema, r.name);
        };
        req.resolve_source = [&](const core::SourceCall& s) {
            auto it = map.sources.find(s.source_name + "." + s.table_name);
            return it != map.sources.end() ? it->second
                                           : relation_name(p, s.source_name, s.table_name);
        };
        auto r = tmpl::render(req);
        if (!r) {
            sink.report(r.error());
            return;
        }
        out_rendered = std::move(r->rendered);
        for (auto& d : r->diagnostics) {
            sink.report(std::move(d));
        }
    };

    std::size_t nm = p.models.size();
    util::parallel_for(
        nm + p.singular_tests.size(),
        [&](std::size_t i) {
            if (i < nm) {
                auto& m = p.models[i];
                render_one(m.raw_sql, m.path, m.name, m.rendered);
            } else {
                auto& t = p.singular_tests[i - nm];
                render_one(t.raw_sql, t.path, t.name, t.rendered);
            }
        },
        options.jobs);
    for (auto& m : p.models) {
        apply_sql_config(m);
    }

    out.graph = build_graph(p, sink);
    std::vector<core::Diagnostic> diags = sink.take();
    core::sort_diagnostics(diags);
    std::vector<core::Diagnostic> errors;
    for (auto& d : diags) {
        if (d.severity == core::Severity::Error) {
            errors.push_back(d);
        } else {
            out.diagnostics.push_back(d);
        }
    }
    if (!errors.empty()) {
        core::Error e(core::ExitCode::Usage, "the project has errors", std::move(errors));
        e.with_sources(p.sources_text);
        throw e;
    }
    return out;
}

} // namespace dpipe::graph
