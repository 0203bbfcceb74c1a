#include "core/project.hpp"
#include "core/source_map.hpp"

#include <catch2/catch.hpp>

using namespace dpipe::core;

TEST_CASE("source map segments merge and clamp to the template", "[core][source_map]") {
    SourceMap m;
    m.reset("m.sql", "ab\n{{ x }}\ncd"); // offsets: a0 b1 \n2 {3 ... }8 \n9 c10 d11
    CHECK(m.empty());
    m.add_literal(2, 0);
    m.add_literal(1, 2); // continues the first literal
    m.add_generated(4, 3);
    m.add_generated(2, 3); // more output of the same tag
    m.add_literal(3, 10);
    CHECK(m.segment_count() == 3);
    CHECK(m.output_size() == 12);
    CHECK(m.locate(0).str() == "m.sql:1:1");
    CHECK(m.locate(2).str() == "m.sql:1:3");
    CHECK(m.locate(3).str() == "m.sql:2:1");
    CHECK(m.locate(8).str() == "m.sql:2:1");
    CHECK(m.locate(9).str() == "m.sql:2:8");
    CHECK(m.locate(10).str() == "m.sql:3:1");
    CHECK(m.locate(11).str() == "m.sql:3:2");
    CHECK(m.locate(12).str() == "m.sql:3:2");
    CHECK(m.locate(999).str() == "m.sql:3:2");

    // A literal past the end of the template (a bad caller) still stays inside the file.
    SourceMap bad;
    bad.reset("b.sql", "xy");
    bad.add_literal(10, 1);
    CHECK(bad.source_offset(9) == 1);
    CHECK(bad.locate(9).str() == "b.sql:1:2");
}

TEST_CASE("locate without a source map reads the rendered text", "[core][source_map]") {
    Rendered r;
    r.sql = "select\n  1";
    CHECK(locate(r, 9, "m.sql").str() == "m.sql:2:3");
    CHECK(relocate(r, {"m.sql", 2, 3}).str() == "m.sql:2:3");
}
