// The compile pass: a second render of a model with `execute` true (see compile.hpp).

#include "project/compile.hpp"

#include "core/source_map.hpp"
#include "load/document.hpp"
#include "project/relations.hpp"
#include "project/render_setup.hpp"
#include "sql/parser.hpp"
#include "util/strings.hpp"

namespace dpipe::project {

namespace {

const std::vector<core::Column>* declared(const Snapshot& s, graph::NodeId node) {
    const graph::Node& n = s.graph.node(node);
    switch (n.type) {
    case graph::NodeType::Source:
        return &s.project.sources[n.index].columns;
    case graph::NodeType::Seed:
        return &s.project.seeds[n.index].columns;
    case graph::NodeType::Model:
    case graph::NodeType::Snapshot:
        return &s.project.models[n.index].columns;
    default:
        return nullptr;
    }
}

} // namespace

util::Result<Compiled, core::Diagnostic> compile_model(const Snapshot& snapshot, const core::Model& m,
                                                       sql::Dialect dialect, const tmpl::Warehouse& warehouse) {
    if (snapshot.render_setup == nullptr) {
        return util::unexpected(load::make_error("TP007", m.loc, "no render setup to compile with"));
    }
    const RenderSetup& setup = *snapshot.render_setup;
    tmpl::RenderRequest req;
    req.text = m.raw_sql;
    req.file = m.path;
    req.macros = &setup.macros;
    req.vars = &snapshot.project.vars_of(m.package);
    req.project = &snapshot.project;
    req.target = setup.target;
    req.globals = &setup.globals;
    req.model_name = m.name;
    // As the render stage resolves them, so both renders read the same relations.
    req.resolve_ref = [&snapshot](const core::Ref& r) { return snapshot.relations.ref(snapshot.project, snapshot.schema, r); };
    req.resolve_source = [&snapshot](const core::SourceCall& c) { return snapshot.relations.source(snapshot.project, c); };
    req.compile = &warehouse;
    auto r = tmpl::render(req);
    if (!r) {
        return util::unexpected(r.error());
    }
    Compiled out;
    out.rendered = std::move(r->rendered);
    if (out.rendered.content_hash == m.rendered.content_hash) {
        out.same = true; // what the parse stage parsed: no second parse (most renders that read
        return out;      // `execute` only log, or guard a ref() override)
    }
    sql::Script script = sql::parse(m.path, out.rendered.sql, dialect);
    if (!script.diagnostics().empty()) {
        core::Diagnostic d = script.diagnostics().front();
        d.loc = core::relocate(out.rendered, d.loc); // the model file, not the compiled text
        d.message = "the compiled SQL does not parse: " + d.message;
        return util::unexpected(std::move(d));
    }
    bool query = false;
    for (const auto& st : script.statements()) {
        query = query || st.kind == sql::StatementKind::Query;
    }
    if (!query) {
        return util::unexpected(load::make_error("TP007", m.loc, "the compiled SQL holds no query"));
    }
    out.script = std::make_shared<const sql::Script>(std::move(script));
    return out;
}

std::vector<tmpl::RelationColumn> relation_columns(const Snapshot& snapshot, graph::NodeId node,
                                                   const std::vector<std::string>& known) {
    const std::vector<core::Column>* cols = declared(snapshot, node);
    std::vector<tmpl::RelationColumn> out;
    out.reserve(known.size());
    for (const std::string& name : known) {
        tmpl::RelationColumn c{name, {}};
        if (cols != nullptr) {
            for (const core::Column& d : *cols) {
                if (util::iequals(d.name, name)) {
                    c.data_type = d.data_type;
                    break;
                }
            }
        }
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace dpipe::project
