// Rendered offsets mapped back to the template: literal text byte-exact, generated text to the
// tag that produced it.

#include "core/source_map.hpp"
#include "template/render.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace dpipe;
using namespace dpipe::tmpl;

namespace {

core::Rendered render_ok(const std::string& text, const MacroRegistry* macros = nullptr) {
    RenderRequest req;
    req.text = text;
    req.file = "models/m.sql";
    req.plain_jinja = macros == nullptr;
    req.macros = macros;
    auto r = render(req);
    REQUIRE(r);
    return r.value().rendered;
}

// "line:col" in the template of the first occurrence of `needle` (after `from`) in the output.
std::string where(const core::Rendered& r, const std::string& needle, std::size_t from = 0) {
    std::size_t at = r.sql.find(needle, from);
    REQUIRE(at != std::string::npos);
    core::SourceLoc loc = core::locate(r, at);
    CHECK(loc.file == "models/m.sql");
    return std::to_string(loc.line) + ":" + std::to_string(loc.col);
}

} // namespace

TEST_CASE("literal template text maps byte for byte", "[template][source_map]") {
    auto r = render_ok("select a,\n  b_col\nfrom t");
    CHECK(r.sql == "select a,\n  b_col\nfrom t");
    CHECK(where(r, "a,") == "1:8");
    CHECK(where(r, "b_col") == "2:3");
    CHECK(where(r, "_col") == "2:4");
    CHECK(where(r, " t") == "3:5");
    // Adjacent literal text is one segment.
    CHECK(r.source_map.segment_count() == 1);
}

TEST_CASE("expression output maps to its {{ and the text after it stays exact", "[template][source_map]") {
    auto r = render_ok("select {{ 'x,\\ny' }} as c\nfrom {{ 't' }} where z");
    CHECK(r.sql == "select x,\ny as c\nfrom t where z");
    CHECK(where(r, "x,") == "1:8");
    CHECK(where(r, "y") == "1:8");
    CHECK(where(r, "as c") == "1:22");
    CHECK(where(r, "from") == "2:1");
    CHECK(where(r, "t where") == "2:6");
    CHECK(where(r, " where") == "2:15");
    CHECK(where(r, "z") == "2:22");
}

TEST_CASE("macro call output maps as a whole to the call", "[template][source_map]") {
    core::CollectingSink sink;
    MacroRegistry macros;
    macros.set_root_package("shop");
    macros.add_file("shop", "macros/cols.sql",
                    "{% macro cols(p) %}\n  {{ p }}.a,\n  {{ p }}.b,\n  {{ p }}.c\n{% endmacro %}", sink);
    REQUIRE(sink.items().empty());
    auto r = render_ok("select\n{{ cols('o') }}\nfrom orders o\nwhere oops", &macros);
    CHECK(r.sql == "select\n\n  o.a,\n  o.b,\n  o.c\n\nfrom orders o\nwhere oops");
    CHECK(where(r, "o.a") == "2:1");
    CHECK(where(r, "o.c") == "2:1");
    CHECK(where(r, "from") == "3:1");
    CHECK(where(r, "oops") == "4:7");

    // A macro defined in the same file: its body (here over two lines) is not literal output.
    auto local = render_ok("{% macro two() %}1,\n2{% endmacro %}select {{ two() }}, 3");
    CHECK(local.sql == "select 1,\n2, 3");
    CHECK(where(local, "2") == "2:23");
    CHECK(where(local, ", 3") == "2:34");
}

TEST_CASE("for loop bodies map every iteration to the same template text", "[template][source_map]") {
    auto r = render_ok("{% for i in [1, 2] %}x{{ i }}\n{% endfor %}y");
    CHECK(r.sql == "x1\nx2\ny");
    CHECK(where(r, "x1") == "1:22");
    CHECK(where(r, "x2") == "1:22");
    CHECK(where(r, "1") == "1:23");
    CHECK(where(r, "2") == "1:23");
    CHECK(where(r, "\nx2") == "1:30");
    CHECK(where(r, "y") == "2:13");
}

TEST_CASE("whitespace control keeps literal offsets right", "[template][source_map]") {
    auto r = render_ok("select\n  {%- if true -%}\n  a\n{%- endif %}\n  {{- ' b' -}}  \nfrom t");
    CHECK(r.sql == "selecta bfrom t");
    CHECK(where(r, "select") == "1:1");
    CHECK(where(r, "a") == "3:3");
    CHECK(where(r, " b") == "5:3");
    CHECK(where(r, "from") == "6:1");

    // Comments and raw blocks with stripping.
    auto c = render_ok("a {#- note -#}  b {% raw -%}  {{ c }} {%- endraw %} d");
    CHECK(c.sql == "ab {{ c }} d");
    CHECK(where(c, "b") == "1:17");
    CHECK(where(c, "{{ c }}") == "1:31");
    CHECK(where(c, " d") == "1:52");
}

TEST_CASE("CRLF line ends map to the file's lines and columns", "[template][source_map]") {
    auto r = render_ok("select a\r\nfrom {{ 't' }}\r\nwhere b\r\n");
    CHECK(r.sql == "select a\nfrom t\nwhere b");
    CHECK(where(r, "b") == "3:7");
}

TEST_CASE("locations never go past the end of the file", "[template][source_map]") {
    auto r = render_ok("select 1\nfrom {{ 't' }}");
    CHECK(core::locate(r, r.sql.size()).str() == "models/m.sql:2:6");
    CHECK(core::locate(r, 1u << 30).str() == "models/m.sql:2:6");
    auto lit = render_ok("select 1\nfrom t\n");
    CHECK(core::locate(lit, lit.sql.size()).str() == "models/m.sql:2:6");
    auto empty = render_ok("{{ '' }}");
    CHECK(empty.sql.empty());
    CHECK(core::locate(empty, 5, "models/m.sql").str() == "models/m.sql:1:1");
}

TEST_CASE("a location in the rendered text moves to the template", "[template][source_map]") {
    auto r = render_ok("{% set x = 1 %}\nselect {{ 'a,\\nb' }}\nfrom t, ) junk");
    CHECK(r.sql == "\nselect a,\nb\nfrom t, ) junk");
    core::SourceLoc in_rendered{"models/m.sql", 4, 9}; // the ')'
    CHECK(core::relocate(r, in_rendered).str() == "models/m.sql:3:9");
    core::Rendered by_hand;
    by_hand.sql = "select 1";
    CHECK(core::relocate(by_hand, in_rendered) == in_rendered);
}
