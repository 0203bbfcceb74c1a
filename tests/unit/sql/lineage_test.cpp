#include "sql/lineage.hpp"
#include "sql/parser.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>

using namespace dpipe::sql;

namespace {

struct Fixture {
    std::map<std::string, std::vector<std::string>> tables;

    SchemaLookup lookup() const {
        return [this](const RelationName& r) -> std::optional<std::vector<std::string>> {
            auto it = tables.find(r.str());
            if (it == tables.end()) {
                return std::nullopt;
            }
            return it->second;
        };
    }
};

QueryLineage run(const std::string& sql, const SchemaLookup& lookup = {}, Dialect d = Dialect::Postgres) {
    static std::vector<std::unique_ptr<Script>> keep; // statements point into their script
    keep.push_back(std::make_unique<Script>(parse("m.sql", sql, d)));
    const Script& s = *keep.back();
    for (const auto& diag : s.diagnostics()) {
        FAIL_CHECK(diag.headline());
    }
    REQUIRE(!s.statements().empty());
    return lineage(s.statements().back(), d, lookup);
}

// "relation.column" of each origin, in order.
std::vector<std::string> origins(const QueryLineage& l, const std::vector<ColumnOrigin>& from) {
    std::vector<std::string> out;
    for (const ColumnOrigin& o : from) {
        out.push_back(l.relations.at(o.relation).str() + "." + o.column);
    }
    return out;
}

std::vector<std::string> names(const QueryLineage& l) {
    std::vector<std::string> out;
    for (const auto& c : l.columns) {
        out.push_back(c.name);
    }
    return out;
}

std::vector<std::string> relations(const QueryLineage& l) {
    std::vector<std::string> out;
    for (const auto& r : l.relations) {
        out.push_back(r.str());
    }
    return out;
}

using V = std::vector<std::string>;

} // namespace

TEST_CASE("copy, rename, transform, aggregate, literal", "[sql][lineage]") {
    auto l = run("select id, name as customer_name, upper(email) as email, count(*) as n, sum(amount) total, 1 as one\n"
                 "from shop.customers group by id, name, email");
    CHECK(relations(l) == V{"shop.customers"});
    CHECK(l.relations[0].loc.str() == "m.sql:2:6");
    REQUIRE(l.columns.size() == 6);
    CHECK(names(l) == V{"id", "customer_name", "email", "n", "total", "one"});
    CHECK(l.columns[0].how == Derivation::Copy);
    CHECK(origins(l, l.columns[0].from) == V{"shop.customers.id"});
    CHECK(l.columns[1].how == Derivation::Rename);
    CHECK(origins(l, l.columns[1].from) == V{"shop.customers.name"});
    CHECK(l.columns[2].how == Derivation::Transform);
    CHECK(l.columns[3].how == Derivation::Aggregate);
    CHECK(l.columns[3].from.empty());
    CHECK(l.columns[4].how == Derivation::Aggregate);
    CHECK(origins(l, l.columns[4].from) == V{"shop.customers.amount"});
    CHECK(l.columns[5].how == Derivation::Transform);
    CHECK(l.columns[5].from.empty());
    CHECK(l.columns[1].loc.str() == "m.sql:1:12");
    CHECK(origins(l, l.filter_columns) == V{"shop.customers.id", "shop.customers.name", "shop.customers.email"});
}

TEST_CASE("CTE chains resolve to physical tables", "[sql][lineage]") {
    auto l = run("with a as (select id, amount as amt from raw.orders where status = 'ok'),\n"
                 "b as (select id, amt * 2 as doubled from a),\n"
                 "c as (select b.id as order_id, doubled from b)\n"
                 "select order_id, doubled from c");
    CHECK(relations(l) == V{"raw.orders"});
    REQUIRE(l.columns.size() == 2);
    CHECK(l.columns[0].how == Derivation::Rename);
    CHECK(origins(l, l.columns[0].from) == V{"raw.orders.id"});
    CHECK(l.columns[1].how == Derivation::Transform);
    CHECK(origins(l, l.columns[1].from) == V{"raw.orders.amount"});
    CHECK(origins(l, l.filter_columns) == V{"raw.orders.status"});
}

TEST_CASE("a CTE named like a table shadows it and an unused name stays physical", "[sql][lineage]") {
    auto l = run("with orders as (select * from sales.orders) select id from orders join customers c on c.id = orders.cid");
    CHECK(relations(l) == V{"sales.orders", "customers"});
    CHECK(l.star_unresolved);
}

TEST_CASE("subqueries in FROM and scalar subqueries", "[sql][lineage]") {
    auto l = run("select s.total, (select max(x) from t2) as mx from (select sum(v) as total from t1) s");
    CHECK(relations(l) == V{"t2", "t1"});
    REQUIRE(l.columns.size() == 2);
    CHECK(l.columns[0].how == Derivation::Aggregate);
    CHECK(origins(l, l.columns[0].from) == V{"t1.v"});
    CHECK(origins(l, l.columns[1].from) == V{"t2.x"});
}

TEST_CASE("select * with and without a schema lookup", "[sql][lineage]") {
    Fixture f;
    f.tables["shop.orders"] = {"id", "customer_id", "amount"};
    auto known = run("select * from shop.orders", f.lookup());
    CHECK(!known.star_unresolved);
    CHECK(names(known) == V{"id", "customer_id", "amount"});
    CHECK(known.columns[2].how == Derivation::Copy);
    CHECK(origins(known, known.columns[2].from) == V{"shop.orders.amount"});

    auto unknown = run("select * from shop.orders");
    CHECK(unknown.star_unresolved);
    CHECK(unknown.columns.empty());

    auto qualified = run("select o.*, c.name from shop.orders o join shop.customers c on c.id = o.customer_id", f.lookup());
    CHECK(names(qualified) == V{"id", "customer_id", "amount", "name"});
    CHECK(!qualified.star_unresolved);

    auto through_cte = run("with x as (select id, amount from shop.orders) select * from x");
    CHECK(names(through_cte) == V{"id", "amount"});
    CHECK(!through_cte.star_unresolved);
}

TEST_CASE("star modifiers: EXCEPT, EXCLUDE, REPLACE", "[sql][lineage]") {
    Fixture f;
    f.tables["t"] = {"a", "b", "c"};
    auto bq = run("select * except (b) from t", f.lookup(), Dialect::BigQuery);
    CHECK(names(bq) == V{"a", "c"});
    auto duck = run("select * exclude (a) replace (c * 2 as c) from t", f.lookup(), Dialect::DuckDB);
    CHECK(names(duck) == V{"b", "c"});
    CHECK(duck.columns[0].how == Derivation::Copy);
    CHECK(duck.columns[1].how == Derivation::Transform);
    CHECK(origins(duck, duck.columns[1].from) == V{"t.c"});
}

TEST_CASE("joins: qualified, ambiguous and schema-disambiguated names", "[sql][lineage]") {
    auto ambiguous = run("select id, a.x from a join b on a.k = b.k");
    REQUIRE(ambiguous.columns.size() == 2);
    CHECK(ambiguous.columns[0].unresolved);
    CHECK(ambiguous.columns[0].from.empty());
    CHECK(!ambiguous.columns[1].unresolved);
    CHECK(origins(ambiguous, ambiguous.filter_columns) == V{"a.k", "b.k"});

    Fixture f;
    f.tables["a"] = {"k", "x"};
    f.tables["b"] = {"k", "id"};
    auto known = run("select id, x from a join b on a.k = b.k", f.lookup());
    CHECK(!known.columns[0].unresolved);
    CHECK(origins(known, known.columns[0].from) == V{"b.id"});
    CHECK(origins(known, known.columns[1].from) == V{"a.x"});

    auto both = run("select k from a join b on a.k = b.k", f.lookup());
    CHECK(both.columns[0].unresolved);

    auto using_star = run("select * from a join b using (k)", f.lookup());
    CHECK(names(using_star) == V{"k", "x", "id"});
    CHECK(origins(using_star, using_star.filter_columns) == V{"a.k", "b.k"});
}

TEST_CASE("set operations: column i derives from column i of every branch", "[sql][lineage]") {
    auto l = run("select id, name from a union all select uid, label from b union select 1, 'x'");
    CHECK(relations(l) == V{"a", "b"});
    REQUIRE(l.columns.size() == 2);
    CHECK(names(l) == V{"id", "name"});
    CHECK(origins(l, l.columns[0].from) == V{"a.id", "b.uid"});
    CHECK(origins(l, l.columns[1].from) == V{"a.name", "b.label"});
    CHECK(l.columns[0].how == Derivation::Transform);
    auto copy = run("select id from a union select id from b");
    CHECK(copy.columns[0].how == Derivation::Copy);
}

TEST_CASE("window functions: transform, partitions are filter columns", "[sql][lineage]") {
    auto l = run("select id, row_number() over (partition by grp order by ts) as rn, sum(v) over (partition by grp) as s,"
                 " sum(sum(v)) over () as total from t group by id, grp, ts");
    REQUIRE(l.columns.size() == 4);
    CHECK(l.columns[1].how == Derivation::Transform);
    CHECK(l.columns[1].from.empty());
    CHECK(l.columns[2].how == Derivation::Transform);
    CHECK(origins(l, l.columns[2].from) == V{"t.v"});
    CHECK(l.columns[3].how == Derivation::Aggregate);
    CHECK(origins(l, l.filter_columns) == V{"t.grp", "t.ts", "t.id"});
}

TEST_CASE("filters, qualify, having and group by ordinals", "[sql][lineage]") {
    auto l = run("select region as r, count(*) from t where status = 'x' and day > 3 group by 1 "
                 "having max(v) > 0 qualify rank() over (order by w) = 1",
                 {}, Dialect::Snowflake);
    CHECK(origins(l, l.filter_columns) == V{"T.STATUS", "T.DAY", "T.REGION", "T.V", "T.W"});
}

TEST_CASE("correlated subqueries resolve outer references", "[sql][lineage]") {
    auto l = run("select o.id from orders o where o.amount > (select avg(i.amount) from orders i where i.cid = o.cid)");
    CHECK(relations(l) == V{"orders"});
    CHECK(origins(l, l.filter_columns) == V{"orders.amount", "orders.cid"});
}

TEST_CASE("recursive CTEs and VALUES", "[sql][lineage]") {
    auto rec = run("with recursive r(n) as (select 1 union all select n + 1 from r where n < 5) select n from r");
    REQUIRE(rec.columns.size() == 1);
    CHECK(rec.relations.empty());
    CHECK(!rec.columns[0].unresolved);
    auto vals = run("select v.code from (values ('a', 1)) as v(code, n)");
    REQUIRE(vals.columns.size() == 1);
    CHECK(vals.columns[0].from.empty());
    CHECK(!vals.columns[0].unresolved);
}

TEST_CASE("a Snowflake CTE that reads itself is recursive without the keyword", "[sql][lineage]") {
    auto rec = run("with d as (select min(ts)::date as day, id from raw.h group by id union all "
                   "select dateadd(day, 1, day), id from d where day < current_date) select day, id from d",
                   {}, Dialect::Snowflake);
    REQUIRE(rec.columns.size() == 2);
    CHECK(relations(rec) == V{"RAW.H"});
    CHECK_FALSE(rec.columns[0].unresolved);
    CHECK(origins(rec, rec.columns[0].from) == V{"RAW.H.TS"});
    CHECK(origins(rec, rec.columns[1].from) == V{"RAW.H.ID"});
    // elsewhere the name in the body is the table of that name
    auto pg = run("with d as (select id from raw.h union all select id from d) select id from d");
    CHECK(relations(pg) == V{"raw.h", "d"});
}

TEST_CASE("a * inside a CTE leaves the output columns listed when the outer select names them", "[sql][lineage]") {
    auto l = run("with d as (select * from raw.t join raw.u on t.id = u.id) select a, b from d");
    CHECK(l.star_unresolved);
    CHECK(l.columns_complete);
    CHECK(names(l) == V{"a", "b"});
    auto outer = run("with d as (select a from raw.t) select * from d, raw.u");
    CHECK_FALSE(outer.columns_complete);
}

TEST_CASE("UNPIVOT keeps the other columns and reads name and value from the unpivoted ones", "[sql][lineage]") {
    Fixture f;
    f.tables["DB.SALES"] = {"EMP", "JAN", "FEB"};
    auto l = run("select * from db.sales unpivot (amount for month in (jan, feb)) as u", f.lookup(), Dialect::Snowflake);
    CHECK_FALSE(l.star_unresolved);
    CHECK(names(l) == V{"EMP", "MONTH", "AMOUNT"});
    CHECK(origins(l, l.columns.at(0).from) == V{"DB.SALES.EMP"});
    CHECK(l.columns.at(0).how == Derivation::Copy);
    CHECK(origins(l, l.columns.at(2).from) == V{"DB.SALES.JAN", "DB.SALES.FEB"});
    CHECK(l.columns.at(2).how == Derivation::Transform);
    auto named = run("select u.emp, replace(month, 'X', '') as m from db.sales unpivot (amount for month in (jan, feb)) u",
                     f.lookup(), Dialect::Snowflake);
    CHECK_FALSE(named.columns.at(0).unresolved);
    CHECK(origins(named, named.columns.at(1).from) == V{"DB.SALES.JAN", "DB.SALES.FEB"});
    // columns of the source unknown: name and value are still traced
    auto unknown = run("select amount from raw.t unpivot (amount for month in (a, b))", {}, Dialect::Snowflake);
    CHECK_FALSE(unknown.columns.at(0).unresolved);
    CHECK(origins(unknown, unknown.columns.at(0).from) == V{"RAW.T.A", "RAW.T.B"});
}

TEST_CASE("a column a * passes through from one relation whose columns are unknown is that relation's", "[sql][lineage]") {
    Fixture f;
    f.tables["s.known"] = {"id", "k"};
    auto l = run("with d as (select * exclude day, to_date(day) as day from raw.t) select d.txns, day, n from d",
                 f.lookup(), Dialect::Snowflake);
    REQUIRE(l.columns.size() == 3);
    CHECK_FALSE(l.columns[0].unresolved);
    CHECK(origins(l, l.columns[0].from) == V{"RAW.T.TXNS"});
    CHECK(l.columns[0].how == Derivation::Copy);
    CHECK(origins(l, l.columns[1].from) == V{"RAW.T.DAY"});
    CHECK(l.columns[1].how == Derivation::Transform);
    CHECK_FALSE(l.columns[2].unresolved);
    // joined with a relation whose columns are known: what it lacks comes through the other
    auto j = run("with d as (select * from s.known join raw.t using (id)) select x, k from d", f.lookup());
    CHECK(origins(j, j.columns.at(0).from) == V{"raw.t.x"});
    CHECK(origins(j, j.columns.at(1).from) == V{"s.known.k"});
    // never through a name a star modifier changed, two unknown relations, or a union
    auto ex = run("with d as (select * exclude (a) from raw.t) select a from d", {}, Dialect::DuckDB);
    CHECK(ex.columns.at(0).unresolved);
    auto ren = run("with d as (select * rename (a as b) from raw.t) select b from d", {}, Dialect::Snowflake);
    CHECK(ren.columns.at(0).unresolved);
    auto two = run("with d as (select * from raw.t, raw.u) select a from d");
    CHECK(two.columns.at(0).unresolved);
    auto un = run("with d as (select * from raw.t union all select * from raw.u) select a from d");
    CHECK(un.columns.at(0).unresolved);
    auto stars = run("with d as (select t.*, u.* from raw.t, raw.u) select a from d");
    CHECK(stars.columns.at(0).unresolved);
}

TEST_CASE("dialect names: case folding and quoting", "[sql][lineage]") {
    auto sf = run("select Id, \"Mixed\" from Analytics.Orders", {}, Dialect::Snowflake);
    CHECK(relations(sf) == V{"ANALYTICS.ORDERS"});
    CHECK(names(sf) == V{"ID", "Mixed"});
    auto bq = run("select item.sku from `proj.ds.orders` o, unnest(o.items) as item", {}, Dialect::BigQuery);
    CHECK(relations(bq) == V{"proj.ds.orders"});
    REQUIRE(bq.columns.size() == 1);
    CHECK(origins(bq, bq.columns[0].from) == V{"proj.ds.orders.items"});
    auto flat = run("select f.value:id::int as id from raw.events e, lateral flatten(input => e.payload:items) f", {},
                    Dialect::Snowflake);
    REQUIRE(flat.columns.size() == 1);
    CHECK(origins(flat, flat.columns[0].from) == V{"RAW.EVENTS.PAYLOAD"});
    CHECK(flat.columns[0].how == Derivation::Transform);
}

TEST_CASE("date part words in date functions are not columns", "[sql][lineage]") {
    auto bq = run("select date_trunc(created_at, month) as m, date_diff(a, b, day) as d from t", {}, Dialect::BigQuery);
    CHECK(origins(bq, bq.columns[0].from) == V{"t.created_at"});
    CHECK(origins(bq, bq.columns[1].from) == V{"t.a", "t.b"});
    auto sf = run("select dateadd(day, -7, ts) as w from t", {}, Dialect::Snowflake);
    CHECK(origins(sf, sf.columns[0].from) == V{"T.TS"});
    auto col = run("select date_trunc(date, week) as wk from t", {}, Dialect::BigQuery);
    CHECK(origins(col, col.columns[0].from) == V{"t.date"});
}

TEST_CASE("table references as written, for lint", "[sql][lineage]") {
    Script s = parse("m.sql", "with c as (select * from raw.a) select * from c join b.t on true", Dialect::Postgres);
    auto refs = table_references(s.statements()[0]);
    REQUIRE(refs.size() == 3);
    CHECK(refs[0].name.str() == "raw.a");
    CHECK(!refs[0].is_cte);
    CHECK(refs[1].name.str() == "c");
    CHECK(refs[1].is_cte);
    CHECK(refs[2].name.str() == "b.t");
    CHECK(refs[2].name.loc.str() == "m.sql:1:54");
}

TEST_CASE("lateral subqueries and struct field access", "[sql][lineage]") {
    auto l = run("select u.id, r.total, (u.address).city as city from app.users u\n"
                 "cross join lateral (select sum(o.amount) as total from app.orders o where o.user_id = u.id) r");
    CHECK(relations(l) == V{"app.users", "app.orders"});
    REQUIRE(l.columns.size() == 3);
    CHECK(l.columns[1].how == Derivation::Aggregate);
    CHECK(origins(l, l.columns[1].from) == V{"app.orders.amount"});
    CHECK(l.columns[2].name == "city");
    CHECK(origins(l, l.columns[2].from) == V{"app.users.address"});
    CHECK(origins(l, l.filter_columns) == V{"app.orders.user_id", "app.users.id"});
}

TEST_CASE("lineage of a truncated parse never crashes", "[sql][lineage]") {
    std::string deep = "select " + std::string(400, '(') + "a" + std::string(400, ')') + " from t";
    Script s = parse("m.sql", deep, Dialect::Postgres);
    CHECK(s.has_errors());
    for (const auto& st : s.statements()) {
        auto l = lineage(st, Dialect::Postgres, {});
        CHECK(l.columns.size() <= 1);
    }
}

TEST_CASE("non-query statements have empty lineage", "[sql][lineage]") {
    Script s = parse("m.sql", "delete from t where a = 1", Dialect::Postgres);
    REQUIRE(s.statements().size() == 1);
    CHECK(s.statements()[0].kind == StatementKind::Delete);
    auto l = lineage(s.statements()[0], Dialect::Postgres, {});
    CHECK(l.relations.empty());
    CHECK(l.columns.empty());
}

TEST_CASE("a placeholder of an unavailable macro leaves its column unresolved with the reason") {
    Fixture f;
    f.tables["orders"] = {"id", "amount"};
    auto l = run("with c as (select id, __dpipe_unavailable__dbt_utils__generate_surrogate_key as sk from orders)\n"
                 "select c.id, sk, amount + __dpipe_unavailable__pkg__x as y, __dpipe_unavailable__dbt_utils__star\n"
                 "from c join orders on c.id = orders.id",
                 f.lookup());
    REQUIRE(l.columns.size() == 4);
    CHECK_FALSE(l.columns[0].unresolved);
    CHECK(l.columns[0].reason.empty());
    CHECK(l.columns[1].unresolved);
    CHECK(l.columns[1].reason == "macro dbt_utils.generate_surrogate_key unavailable");
    CHECK(l.columns[2].unresolved);
    CHECK(l.columns[2].reason == "macro pkg.x unavailable");
    CHECK(origins(l, l.columns[2].from) == std::vector<std::string>{"orders.amount"});
    CHECK(l.columns[3].name == "__dpipe_unavailable__dbt_utils__star");
    CHECK(l.columns[3].unresolved);
    CHECK(l.columns[3].reason == "macro dbt_utils.star unavailable");
    CHECK(l.columns[3].from.empty());
}

TEST_CASE("a placeholder is never taken for a column of a table whose columns are unknown") {
    auto l = run("select __DPIPE_UNAVAILABLE__DBT_UTILS__STAR from raw_orders", {}, Dialect::Snowflake);
    REQUIRE(l.columns.size() == 1);
    CHECK(l.columns[0].unresolved);
    CHECK(l.columns[0].reason == "macro dbt_utils.star unavailable");
    CHECK(l.columns[0].from.empty());
    CHECK(unavailable_macro_reason("amount").empty());
    CHECK(unavailable_macro_reason("__dpipe_unavailable__dbt__default__x") == "macro dbt.default__x unavailable");
}

TEST_CASE("a model that is only a placeholder is recognised as one") {
    CHECK(whole_placeholder_reason("\n-- union of the sources\n__dpipe_unavailable__fivetran_utils__union_data\n;\n") ==
          "macro fivetran_utils.union_data unavailable");
    CHECK(whole_placeholder_reason("/* x */ __DPIPE_UNAVAILABLE__PKG__M") == "macro pkg.m unavailable");
    CHECK(whole_placeholder_reason("select __dpipe_unavailable__pkg__m").empty());
    CHECK(whole_placeholder_reason("__dpipe_unavailable__pkg__m x").empty());
    CHECK(whole_placeholder_reason("orders").empty());
    CHECK(whole_placeholder_reason("").empty());
}

TEST_CASE("every unresolved column says why", "[sql][lineage]") {
    // a CTE a macro rendered as nothing
    QueryLineage empty = run("with d as ( ) select a from d", {}, Dialect::Snowflake);
    REQUIRE(empty.columns.size() == 1);
    CHECK(empty.columns[0].unresolved);
    CHECK(empty.columns[0].reason.find("empty query") != std::string::npos);
    // a star over a relation whose columns are unknown, then a column read from it
    QueryLineage star = run("with s as (select * from raw) select a from s join u on s.k = u.k");
    REQUIRE(star.columns.size() == 1);
    CHECK(star.columns[0].unresolved);
    CHECK(star.columns[0].reason == "select * over a relation whose columns are unknown");
    // a dynamic pivot
    QueryLineage pivot = run("select x from t pivot (sum(v) for k in (any))", {}, Dialect::Snowflake);
    REQUIRE(pivot.columns.size() == 1);
    CHECK(pivot.columns[0].reason.find("unsupported construct: PIVOT") == 0);
}

TEST_CASE("columns the known list of a table lacks still come from it when named", "[sql][lineage]") {
    Fixture f;
    f.tables["raw.t"] = {"id"};
    f.tables["raw.u"] = {"id", "v"};
    // qualified: the table is named, whatever its declared columns say
    QueryLineage q = run("select a._data as d from raw.t as a", f.lookup());
    CHECK(origins(q, q.columns.at(0).from) == std::vector<std::string>{"raw.t._data"});
    // the only table in scope
    QueryLineage only = run("select _data from raw.t", f.lookup());
    CHECK(origins(only, only.columns.at(0).from) == std::vector<std::string>{"raw.t._data"});
    // two tables, neither lists it: unresolved, with a reason
    QueryLineage two = run("select w from raw.t join raw.u using (id)", f.lookup());
    CHECK(two.columns.at(0).unresolved);
    CHECK(!two.columns.at(0).reason.empty());
}

TEST_CASE("ARRAY JOIN elements and named expressions (ClickHouse)", "[sql][lineage]") {
    QueryLineage aj = run("select tag, id from db.events array join tags as tag", {}, Dialect::ClickHouse);
    REQUIRE(aj.columns.size() == 2);
    CHECK(origins(aj, aj.columns[0].from) == std::vector<std::string>{"db.events.tags"});
    CHECK(aj.columns[0].how == Derivation::Transform);
    QueryLineage same = run("select tags from db.events array join tags", {}, Dialect::ClickHouse);
    CHECK(origins(same, same.columns.at(0).from) == std::vector<std::string>{"db.events.tags"});
    QueryLineage named = run("with lower(name) as n select n from db.users", {}, Dialect::ClickHouse);
    CHECK(origins(named, named.columns.at(0).from) == std::vector<std::string>{"db.users.name"});
    CHECK(!named.columns.at(0).unresolved);
}

TEST_CASE("FLATTEN and UNNEST outputs come from the array they read", "[sql][lineage]") {
    QueryLineage fl = run("select f.value:id::int as id from t, lateral flatten(input => t.items) f", {},
                          Dialect::Snowflake);
    CHECK(origins(fl, fl.columns.at(0).from) == std::vector<std::string>{"T.ITEMS"});
    QueryLineage un = run("select e from t, unnest(t.arr) as e", {}, Dialect::BigQuery);
    CHECK(origins(un, un.columns.at(0).from) == std::vector<std::string>{"t.arr"});
}

TEST_CASE("FLATTEN has fixed columns so VALUE is its and any other name is the table one", "[sql][lineage]") {
    QueryLineage l = run("select value:id::string as id, extraction_date from raw.landing, "
                         "lateral flatten(input => parse_json(source_json))",
                         {}, Dialect::Snowflake);
    REQUIRE(l.columns.size() == 2);
    CHECK_FALSE(l.columns[0].unresolved);
    CHECK(origins(l, l.columns[0].from) == V{"RAW.LANDING.SOURCE_JSON"});
    CHECK_FALSE(l.columns[1].unresolved);
    CHECK(origins(l, l.columns[1].from) == V{"RAW.LANDING.EXTRACTION_DATE"});
    QueryLineage star = run("select f.* from raw.landing t, table(flatten(input => t.items)) f", {}, Dialect::Snowflake);
    CHECK_FALSE(star.star_unresolved);
    CHECK(names(star) == V{"SEQ", "KEY", "PATH", "INDEX", "VALUE", "THIS"});
    CHECK(origins(star, star.columns.at(4).from) == V{"RAW.LANDING.ITEMS"});
    // a table whose known columns (often declared ones) lack the name is still where it comes from
    Fixture f;
    f.tables["RAW.TX"] = {"ID", "SIGNERS"};
    QueryLineage declared = run("select category, value as signer from raw.tx, lateral flatten(input => signers)",
                                f.lookup(), Dialect::Snowflake);
    CHECK_FALSE(declared.columns.at(0).unresolved);
    CHECK(origins(declared, declared.columns.at(0).from) == V{"RAW.TX.CATEGORY"});
    CHECK(origins(declared, declared.columns.at(1).from) == V{"RAW.TX.SIGNERS"});
    // two tables whose columns are unknown still leave a name unresolved
    QueryLineage two = run("select value, x from raw.a, raw.b, lateral flatten(input => a.j)", {}, Dialect::Snowflake);
    CHECK_FALSE(two.columns.at(0).unresolved);
    CHECK(two.columns.at(1).unresolved);
}

TEST_CASE("lambda parameters are no columns and the array argument is what a lambda reads", "[sql][lineage]") {
    QueryLineage l = run("select arrayMap(x -> x.2, pairs) as seconds, arrayFilter((f, t) -> not f, flags, types) as kept "
                         "from db.t",
                         {}, Dialect::ClickHouse);
    REQUIRE(l.columns.size() == 2);
    CHECK_FALSE(l.columns[0].unresolved);
    CHECK(origins(l, l.columns[0].from) == std::vector<std::string>{"db.t.pairs"});
    CHECK(l.columns[0].how == Derivation::Transform);
    CHECK(origins(l, l.columns[1].from) == std::vector<std::string>{"db.t.flags", "db.t.types"});
    // PostgreSQL's -> is the JSON operator: its left side is a column
    QueryLineage pg = run("select coalesce(data -> 'a', data -> b) as v from t");
    CHECK(origins(pg, pg.columns.at(0).from) == std::vector<std::string>{"t.data", "t.b"});
}

TEST_CASE("a lambda's body is a whole expression: a comparison inside it binds the parameter", "[sql][lineage]") {
    Fixture f;
    f.tables["db.t"] = {"ts", "kind"};
    QueryLineage l = run("select arrayCount(t -> t = arrayMin(groupArray(ts)), groupArray(ts)) as n_first, "
                         "arrayFilter((a, b) -> a > 1 and b = kind, groupArray(ts), groupArray(kind)) as kept "
                         "from db.t group by kind",
                         f.lookup(), Dialect::ClickHouse);
    REQUIRE(l.columns.size() == 2);
    CHECK_FALSE(l.columns[0].unresolved);
    CHECK(origins(l, l.columns[0].from) == std::vector<std::string>{"db.t.ts"});
    CHECK_FALSE(l.columns[1].unresolved);
    CHECK(origins(l, l.columns[1].from) == std::vector<std::string>{"db.t.kind", "db.t.ts"});
    // DuckDB's JSON arrow with a number or a string on its right stays an operator.
    QueryLineage duck = run("select j -> 0 = x as a, j -> '$.k' as b from db.t", {}, Dialect::DuckDB);
    CHECK(origins(duck, duck.columns.at(0).from) == std::vector<std::string>{"db.t.j", "db.t.x"});
}

TEST_CASE("a select item may read an earlier item by its alias", "[sql][lineage]") {
    Fixture f;
    f.tables["db.t"] = {"a", "b"};
    f.tables["db.u"] = {"a", "c"};
    QueryLineage l = run("select t.a + 1 as n, n * 2 as m from db.t join db.u on t.a = u.a", f.lookup(),
                         Dialect::ClickHouse);
    REQUIRE(l.columns.size() == 2);
    CHECK_FALSE(l.columns[1].unresolved);
    CHECK(origins(l, l.columns[1].from) == std::vector<std::string>{"db.t.a"});
}

TEST_CASE("an UNNEST aliased like its array is the element", "[sql][lineage]") {
    Fixture f;
    f.tables["d.base"] = {"id", "line"};
    QueryLineage l = run("select id, json_extract(line, '$.a') as a from d.base cross join unnest(line) as line",
                         f.lookup(), Dialect::BigQuery);
    REQUIRE(l.columns.size() == 2);
    CHECK_FALSE(l.columns[1].unresolved);
    CHECK(origins(l, l.columns[1].from) == std::vector<std::string>{"d.base.line"});
}

TEST_CASE("PREWHERE and CONNECT BY read filter columns", "[sql][lineage]") {
    QueryLineage ch = run("select id from db.t prewhere day = today() where kind = 1", {}, Dialect::ClickHouse);
    CHECK(origins(ch, ch.filter_columns) == std::vector<std::string>{"db.t.day", "db.t.kind"});
    QueryLineage sf = run("select id from hr.emp start with mgr is null connect by mgr = prior id", {},
                          Dialect::Snowflake);
    CHECK(origins(sf, sf.filter_columns) == std::vector<std::string>{"HR.EMP.MGR", "HR.EMP.ID"});
}

TEST_CASE("a column joined with USING is not ambiguous", "[sql][lineage]") {
    Fixture f;
    f.tables["s.a"] = {"date", "x"};
    f.tables["s.b"] = {"date", "y"};
    f.tables["s.c"] = {"date", "z"};
    QueryLineage l = run("select date, x, z from s.a left join s.b using (date) left join s.c using (date)", f.lookup());
    REQUIRE(l.columns.size() == 3);
    CHECK_FALSE(l.columns[0].unresolved);
    CHECK(origins(l, l.columns[0].from) == std::vector<std::string>{"s.a.date", "s.b.date", "s.c.date"});
    QueryLineage amb = run("select date from s.a join s.b on a.x = b.y", f.lookup());
    CHECK(amb.columns.at(0).unresolved);
    CHECK(amb.columns.at(0).reason.find("ambiguous") == 0);
}
