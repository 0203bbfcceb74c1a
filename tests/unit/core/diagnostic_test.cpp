#include "core/diagnostic.hpp"
#include "core/error.hpp"

#include <catch2/catch.hpp>

using namespace dpipe::core;

TEST_CASE("headline is GCC style") {
    Diagnostic d{Severity::Error, "GR001", {"models/x.sql", 12, 5}, "unknown ref 'y'", {}};
    CHECK(d.headline() == "models/x.sql:12:5: error: unknown ref 'y' [GR001]");
    Diagnostic w{Severity::Warning, "", {"dpipe.yaml", 0, 0}, "odd", {}};
    CHECK(w.headline() == "dpipe.yaml: warning: odd");
}

TEST_CASE("collecting sink counts errors and sorts") {
    CollectingSink sink;
    sink.warning("A", {"b.sql", 1, 1}, "w");
    sink.error("B", {"a.sql", 3, 1}, "e");
    CHECK(sink.error_count() == 1);
    auto items = sink.take();
    sort_diagnostics(items);
    CHECK(items[0].loc.file == "a.sql");
}

TEST_CASE("input errors carry exit code 2 and their diagnostic") {
    auto e = Error::input("LD001", {"dpipe.yaml", 2, 3}, "bad");
    CHECK(e.exit_code() == ExitCode::Usage);
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].loc.line == 2);
}
