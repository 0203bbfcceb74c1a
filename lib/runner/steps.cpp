#include "runner/steps.hpp"

#include "project/custom_tests.hpp"

#include "runner/generic_tests.hpp"
#include "util/strings.hpp"

#include <cctype>

namespace dpipe::runner {

namespace {

std::vector<engine::ColumnSpec> column_types(const std::vector<core::Column>& columns,
                                             const core::Json& config) {
    std::vector<engine::ColumnSpec> out;
    auto ct = config.find("column_types");
    for (const auto& c : columns) {
        std::string type = c.data_type;
        if (ct != config.end() && ct->is_object()) {
            auto it = ct->find(c.name);
            if (it != ct->end() && it->is_string()) {
                type = it->get<std::string>();
            }
        }
        if (!type.empty()) {
            out.push_back({c.name, type});
        }
    }
    return out;
}

void load_csv_file(const StepContext& ctx, const std::string& path, const engine::TableRef& table,
                   const std::vector<engine::ColumnSpec>& types, StepResult& result) {
    // Through the run's file source: with `test --changed --head REF` the seeds are the
    // revision's, not the working tree's.
    auto file = ctx.files.read(path, 256u << 20);
    if (!file) {
        result.status = Status::Error;
        result.message = file.error().message; // names the path
        return;
    }
    const std::string* text = &file->bytes;
    ctx.conn.ensure_schema(table.schema);
    try {
        std::size_t rows = ctx.conn.load_csv(table, types, *text, engine::CsvSource{path});
        result.message = std::to_string(rows) + " rows from " + path;
    } catch (const engine::SqlError& e) {
        result.status = Status::Error;
        result.message = path + ": " + e.db_message();
    } catch (const core::Error& e) {
        // Malformed CSV is an input error (exit 2, located); a lost database or an interrupt
        // ends the run too.
        if (e.exit_code() != core::ExitCode::Findings) {
            throw;
        }
        result.status = Status::Error;
        result.message = e.diagnostics().empty() ? e.what() : e.diagnostics()[0].headline();
    }
}

std::string cell(const std::optional<std::string>& v) { return v ? *v : "NULL"; }

// Runs a query returning failing rows and classifies it.
void judge(const StepContext& ctx, const std::string& sql, const std::string& severity,
           const std::string& warn_if, const std::string& error_if, StepResult& result) {
    result.sql = sql;
    try {
        auto r = ctx.conn.query(sql, 5);
        result.failures = r.row_count;
        result.sample_columns = r.columns;
        for (const auto& row : r.rows) {
            std::vector<std::string> cells;
            for (const auto& v : row) {
                cells.push_back(cell(v));
            }
            result.sample_rows.push_back(std::move(cells));
        }
    } catch (const engine::SqlError& e) {
        result.status = Status::Error;
        result.message = e.db_message();
        return;
    }
    if (severity != "warn" && threshold_met(error_if, result.failures)) {
        result.status = Status::Fail;
    } else if (threshold_met(warn_if, result.failures)) {
        result.status = Status::Warn;
    } else {
        result.status = Status::Pass;
    }
    if (result.failures > 0) {
        result.message = std::to_string(result.failures) + " failing row" +
                         (result.failures == 1 ? "" : "s");
    }
}

// The spec of a generic test node, the relation it is attached to and that relation as a Jinja
// expression (`ref('x')`, `source('a', 'b')`).
const core::TestSpec* spec_of(const project::Snapshot& cp, const graph::Node& node, std::string* relation,
                              std::string* call) {
    const auto* owner = cp.graph.find_unique_id(node.attached_to);
    if (owner == nullptr) {
        return nullptr;
    }
    const auto& o = cp.graph.node(*owner);
    const auto& rel = cp.relations;
    switch (o.type) {
    case graph::NodeType::Model:
    case graph::NodeType::Snapshot: {
        const auto& m = cp.project.models[o.index];
        *relation = rel.refs.at(m.node_name());
        *call = m.version.empty() ? "ref('" + m.name + "')" : "ref('" + m.name + "', v='" + m.version + "')";
        return &m.tests[node.spec_index];
    }
    case graph::NodeType::Seed: {
        const auto& s = cp.project.seeds[o.index];
        *relation = rel.refs.at(s.name);
        *call = "ref('" + s.name + "')";
        return &s.tests[node.spec_index];
    }
    case graph::NodeType::Source: {
        const auto& s = cp.project.sources[o.index];
        *relation = rel.sources.at(s.source_name + "." + s.name);
        *call = "source('" + s.source_name + "', '" + s.name + "')";
        return &s.tests[node.spec_index];
    }
    default: return nullptr;
    }
}

} // namespace

engine::TableRef split_relation(const std::string& relation) {
    auto parts = graph::relation_parts(relation);
    engine::TableRef t;
    t.name = parts.back();
    if (parts.size() >= 2) {
        t.schema = parts[parts.size() - 2];
    }
    return t;
}

std::string inline_ephemerals(const project::Snapshot& cp, const std::string& sql, int depth) {
    std::string out = sql;
    std::string ctes;
    for (const auto& m : cp.project.models) {
        if (m.materialized() != "ephemeral") {
            continue;
        }
        auto it = cp.relations.refs.find(m.node_name());
        if (it == cp.relations.refs.end() || out.find(it->second) == std::string::npos) {
            continue;
        }
        std::string cte = "__dbt__cte__" + m.name;
        out = util::replace_all(out, it->second, cte);
        std::string body = depth < 32 ? inline_ephemerals(cp, m.rendered.sql, depth + 1) : m.rendered.sql;
        ctes += (ctes.empty() ? "" : ", ") + cte + " as (\n" + body + "\n)";
    }
    if (ctes.empty()) {
        return out;
    }
    std::string_view body = util::trim(out);
    if (body.size() > 4 && util::iequals(body.substr(0, 4), "with") &&
        std::isspace(static_cast<unsigned char>(body[4]))) {
        return "with " + ctes + ",\n" + std::string(body.substr(5));
    }
    return "with " + ctes + "\n" + std::string(body);
}

void load_seed(const StepContext& ctx, const core::Seed& seed, StepResult& result) {
    auto table = split_relation(ctx.cp.relations.refs.at(seed.name));
    load_csv_file(ctx, seed.path, table, column_types(seed.columns, seed.config), result);
}

void load_fixture(const StepContext& ctx, const core::SourceTable& source, StepResult& result) {
    std::string path = source.fixture;
    if (path.empty()) {
        std::string guess = "seeds/" + source.source_name + "__" + source.name + ".csv";
        if (ctx.files.is_file(guess)) {
            path = guess;
        }
    }
    if (path.empty()) {
        result.status = Status::Error;
        result.message = "source " + source.source_name + "." + source.name +
                         " has no fixture: set meta.fixture to a CSV file or add seeds/" +
                         source.source_name + "__" + source.name + ".csv";
        return;
    }
    auto table = split_relation(ctx.cp.relations.sources.at(source.source_name + "." + source.name));
    load_csv_file(ctx, path, table, column_types(source.columns, core::Json::object()), result);
}

void build_model(const StepContext& ctx, const core::Model& model, StepResult& result) {
    std::string mat = model.materialized();
    if (mat == "ephemeral") {
        result.message = "ephemeral: inlined into its children";
        return;
    }
    const std::string& relation = ctx.cp.relations.refs.at(model.node_name());
    auto table = split_relation(relation);
    ctx.conn.ensure_schema(table.schema);
    std::string kind = mat == "view" ? "view" : "table";
    std::string sql = "create " + kind + " " + relation + " as\n" +
                      inline_ephemerals(ctx.cp, model.rendered.sql);
    result.sql = sql;
    try {
        ctx.conn.execute(sql);
        if (kind == "view") {
            // Some engines (SQLite) resolve a view's columns only when it is read: read it once
            // so a broken model fails here, not in a test downstream.
            ctx.conn.query("select * from " + relation + " limit 0", 0);
        }
        result.message = kind;
    } catch (const engine::SqlError& e) {
        result.status = Status::Error;
        result.message = e.db_message();
    }
}

void run_data_test(const StepContext& ctx, const graph::Node& node, StepResult& result) {
    if (node.test_kind == graph::Node::TestKind::Singular) {
        const auto& t = ctx.cp.project.singular_tests[node.index];
        auto cfg = t.rendered.config;
        auto get = [&](const char* k, const char* d) {
            auto it = cfg.find(k);
            return it != cfg.end() && it->is_string() ? it->get<std::string>() : std::string(d);
        };
        judge(ctx, inline_ephemerals(ctx.cp, t.rendered.sql), util::to_lower(get("severity", "error")),
              get("warn_if", "!=0"), get("error_if", "!=0"), result);
        return;
    }
    std::string relation;
    std::string call;
    const core::TestSpec* spec = spec_of(ctx.cp, node, &relation, &call);
    if (spec == nullptr) {
        result.status = Status::Error;
        result.message = "test is not attached to a known resource";
        return;
    }
    TestCompileContext tc;
    tc.relation = relation;
    tc.quote = [&](std::string_view id) { return ctx.conn.quote_ident(id); };
    tc.resolve = [&](const std::string& text) { return ctx.cp.relations.resolve_call_text(text); };
    util::Result<CompiledTest, std::string> compiled = util::unexpected(std::string());
    if (is_builtin_test(spec->name)) {
        compiled = compile_generic_test(*spec, tc);
    } else if (ctx.cp.render_setup == nullptr) {
        compiled = util::unexpected("generic test '" + spec->name + "' cannot be compiled: the project was not rendered");
    } else if (auto sql = project::render_custom_test(ctx.cp, *spec, call); !sql) {
        result.status = Status::Error; // dbt fails a test that does not compile
        result.message = sql.error().headline();
        return;
    } else {
        CompiledTest custom = test_settings(*spec);
        custom.sql = std::move(*sql);
        compiled = std::move(custom);
    }
    if (!compiled) {
        result.status = Status::Skipped;
        result.message = compiled.error();
        return;
    }
    std::string sql = compiled->sql;
    if (compiled->limit >= 0) {
        sql = "select * from (" + sql + ") dbt_limited limit " + std::to_string(compiled->limit);
    }
    judge(ctx, sql, compiled->severity, compiled->warn_if, compiled->error_if, result);
}

} // namespace dpipe::runner
