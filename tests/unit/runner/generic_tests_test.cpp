#include "runner/generic_tests.hpp"
#include "runner/steps.hpp"

#include <catch2/catch.hpp>

using namespace dpipe;

namespace {

runner::TestCompileContext context() {
    runner::TestCompileContext ctx;
    ctx.relation = "\"analytics\".\"orders\"";
    ctx.quote = [](std::string_view id) { return "\"" + std::string(id) + "\""; };
    ctx.resolve = [](const std::string& text) {
        return text == "ref('customers')" ? std::string("\"analytics\".\"customers\"") : std::string();
    };
    return ctx;
}

core::TestSpec spec(const std::string& name, const std::string& column, core::Json args = core::Json::object(),
                    core::Json config = core::Json::object()) {
    core::TestSpec s;
    s.name = name;
    s.column = column;
    s.args = std::move(args);
    s.config = std::move(config);
    return s;
}

} // namespace

TEST_CASE("not_null and unique compile to failing-row queries") {
    auto nn = runner::compile_generic_test(spec("not_null", "id"), context());
    REQUIRE(nn.ok());
    CHECK(nn->sql == "select * from \"analytics\".\"orders\" where \"id\" is null");
    CHECK(nn->severity == "error");
    auto u = runner::compile_generic_test(spec("dbt.unique", "id"), context());
    REQUIRE(u.ok());
    CHECK(u->sql == "select \"id\" as unique_field, count(*) as n_records from \"analytics\".\"orders\" "
                    "where \"id\" is not null group by \"id\" having count(*) > 1");
}

TEST_CASE("where, severity and limit come from config") {
    auto t = runner::compile_generic_test(
        spec("not_null", "id", core::Json::object(),
             {{"where", "status = 'x'"}, {"severity", "WARN"}, {"limit", 10}, {"warn_if", ">5"}}),
        context());
    REQUIRE(t.ok());
    CHECK(t->sql == "select * from (select * from \"analytics\".\"orders\" where status = 'x') "
                    "dbt_subquery where \"id\" is null");
    CHECK(t->severity == "warn");
    CHECK(t->limit == 10);
    CHECK(t->warn_if == ">5");
}

TEST_CASE("accepted_values quotes strings unless quote is false") {
    auto t = runner::compile_generic_test(spec("accepted_values", "status", {{"values", {"a", "o'k"}}}),
                                          context());
    REQUIRE(t.ok());
    CHECK(t->sql.find("not in ('a', 'o''k')") != std::string::npos);
    auto raw = runner::compile_generic_test(
        spec("accepted_values", "flag", {{"values", {0, 1}}, {"quote", false}}), context());
    REQUIRE(raw.ok());
    CHECK(raw->sql.find("not in (0, 1)") != std::string::npos);
}

TEST_CASE("relationships resolve their target and report unknown ones") {
    auto t = runner::compile_generic_test(
        spec("relationships", "customer_id", {{"to", "ref('customers')"}, {"field", "id"}}), context());
    REQUIRE(t.ok());
    CHECK(t->sql == "select child.\"customer_id\" as from_field from \"analytics\".\"orders\" child "
                    "left join \"analytics\".\"customers\" parent on child.\"customer_id\" = parent.\"id\" "
                    "where child.\"customer_id\" is not null and parent.\"id\" is null");
    auto bad = runner::compile_generic_test(
        spec("relationships", "customer_id", {{"to", "ref('nope')"}, {"field", "id"}}), context());
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error() == "relationships: cannot resolve 'ref('nope')'");
}

TEST_CASE("unknown generic tests are named") {
    auto t = runner::compile_generic_test(spec("dbt_utils.at_least_one", "id"), context());
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().find("'dbt_utils.at_least_one'") != std::string::npos);
}

TEST_CASE("thresholds follow dbt's warn_if / error_if") {
    CHECK(runner::threshold_met("!=0", 1));
    CHECK_FALSE(runner::threshold_met("!=0", 0));
    CHECK(runner::threshold_met(">10", 11));
    CHECK_FALSE(runner::threshold_met(">10", 10));
    CHECK(runner::threshold_met(">= 10", 10));
    CHECK(runner::threshold_met("<3", 2));
    CHECK(runner::threshold_met("=0", 0));
}

TEST_CASE("relations split into schema and name") {
    auto t = runner::split_relation("\"analytics\".\"my\"\"table\"");
    CHECK(t.schema == "analytics");
    CHECK(t.name == "my\"table");
    auto flat = runner::split_relation("\"analytics__orders\"");
    CHECK(flat.schema.empty());
    CHECK(flat.name == "analytics__orders");
}
