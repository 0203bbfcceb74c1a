// Column lineage diagnostics point into the model file, not into the rendered SQL.

#include "graph/columns.hpp"
#include "graph/compile.hpp"
#include "project_builder.hpp"
#include "template/render.hpp"

#include <catch2/catch.hpp>

using namespace dpipe;

TEST_CASE("an SQL error below a multi-line macro call is located in the model file", "[graph][columns]") {
    core::CollectingSink sink;
    tmpl::MacroRegistry macros;
    macros.set_root_package("shop");
    macros.add_file("shop", "macros/cols.sql",
                    "{% macro cols(p) %}\n  {{ p }}.a,\n  {{ p }}.b,\n  {{ p }}.c,\n  {{ p }}.d\n{% endmacro %}",
                    sink);
    REQUIRE(sink.items().empty());

    auto p = test::project();
    auto m = test::model("fct", {});
    m.raw_sql = "select\n  {{ cols('o') }}\nfrom orders o\nwhere o.a = ) 1";
    tmpl::RenderRequest req;
    req.text = m.raw_sql;
    req.file = m.path;
    req.macros = &macros;
    req.model_name = m.name;
    auto r = tmpl::render(req);
    REQUIRE(r);
    m.rendered = r.value().rendered;
    // The error is on line 9 of the rendered SQL.
    REQUIRE(m.rendered.sql.find(")") > m.rendered.sql.find("o.d"));
    p.models.push_back(m);

    graph::CompiledProject cp;
    cp.graph = graph::build_graph(p, sink);
    cp.project = std::move(p);
    auto lineage = graph::column_lineage(cp, 1);
    REQUIRE(!lineage.diagnostics.empty());
    const auto& d = lineage.diagnostics[0];
    CHECK(d.code == "SQ001");
    CHECK(d.loc.str() == "models/fct.sql:4:13");
}
