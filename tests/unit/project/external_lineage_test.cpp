// Column lineage into tables a model reads by name that are no ref() or source(): such a table
// is a leaf of the lineage, its columns known by name only.

#include "project/columns.hpp"
#include "project/snapshot.hpp"
#include "util/file_source.hpp"

#include "project_test_support.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace dpipe;
using namespace dpipe::project_test;

namespace {

using Tables = std::vector<project::TableColumn>;

} // namespace

TEST_CASE("a column read from a table that is no ref or source is that table's column, resolved") {
    auto src = staged_shop();
    src.add("models/clicks.sql", "select c.user_id, o.amount, count(*) as n\n"
                                 "from raw_db.events.clicks c join {{ ref('stg_orders') }} o on c.order_id = o.order_id\n"
                                 "where c.kind = 'buy'\ngroup by c.user_id, o.amount\n");
    src.add("models/tables.sql", "select table_name, upper(table_schema) as schema_name from information_schema.tables\n");
    auto t = trace(src);
    const auto* stg = t.snapshot.graph.find_unique_id("model.shop.stg_orders");
    REQUIRE(stg != nullptr);

    const auto& clicks = t.model("clicks");
    REQUIRE(clicks.columns.size() == 3);
    CHECK_FALSE(clicks.columns[0].unresolved);
    CHECK(clicks.columns[0].reason.empty());
    CHECK(clicks.columns[0].from.empty());
    CHECK(clicks.columns[0].from_tables == Tables{{"raw_db.events.clicks", "user_id"}});
    CHECK_FALSE(clicks.columns[1].unresolved);
    CHECK(clicks.columns[1].from == std::vector<project::ColumnRef>{{*stg, "amount"}});
    CHECK(clicks.columns[1].from_tables.empty());
    CHECK(clicks.filter_columns == std::vector<project::ColumnRef>{{*stg, "order_id"}, {*stg, "amount"}});
    CHECK(clicks.filter_tables == Tables{{"raw_db.events.clicks", "order_id"},
                                         {"raw_db.events.clicks", "kind"},
                                         {"raw_db.events.clicks", "user_id"}});
    CHECK(clicks.unmapped_relations == std::vector<std::string>{"raw_db.events.clicks"});
    CHECK(clicks.external_tables == std::vector<std::string>{"raw_db.events.clicks"});

    // Unqualified: the one table in scope has them.
    const auto& tables = t.model("tables");
    REQUIRE(tables.columns.size() == 2);
    CHECK_FALSE(tables.columns[0].unresolved);
    CHECK(tables.columns[0].from_tables == Tables{{"information_schema.tables", "table_name"}});
    CHECK_FALSE(tables.columns[1].unresolved);
    CHECK(tables.columns[1].how == sql::Derivation::Transform);
    CHECK(tables.columns[1].from_tables == Tables{{"information_schema.tables", "table_schema"}});
    CHECK(t.snapshot.project.find_model("tables")->state.status == core::NodeStatus::Ok);
}

TEST_CASE("what is not known of a table that is no ref or source stays unresolved") {
    auto src = staged_shop();
    src.add("models/starred.sql", "select * from raw_db.events.clicks\n");
    src.add("models/joined.sql", "select user_id\nfrom raw_db.events.clicks c join raw_db.events.views v on c.id = v.id\n");
    src.add("models/missing.sql", "select user_id from {{ no_such_pkg.events_table() }}\n");
    auto t = trace(src);

    // Its columns are unknown: * cannot be expanded.
    const auto& starred = t.model("starred");
    CHECK(starred.star_unresolved);
    CHECK(t.snapshot.project.find_model("starred")->state.status == core::NodeStatus::NotTraced);
    CHECK(starred.external_tables == std::vector<std::string>{"raw_db.events.clicks"});

    // Either table may have it: no guess.
    const auto& joined = t.model("joined");
    REQUIRE(joined.columns.size() == 1);
    CHECK(joined.columns[0].unresolved);
    CHECK(joined.columns[0].from_tables.empty());
    CHECK(joined.columns[0].reason == "upstream columns unknown (several relations in scope may have it)");
    CHECK(joined.filter_tables == Tables{{"raw_db.events.clicks", "id"}, {"raw_db.events.views", "id"}});

    // The placeholder of a macro that could not be found is no table.
    const auto& missing = t.model("missing");
    REQUIRE(missing.columns.size() == 1);
    CHECK(missing.columns[0].unresolved);
    CHECK(missing.columns[0].from_tables.empty());
    CHECK(missing.columns[0].reason == "macro no_such_pkg.events_table unavailable");
    CHECK(missing.unmapped_relations.size() == 1);
    CHECK(missing.external_tables.empty());
}

TEST_CASE("a name several nodes have is no table of its own, unless its database is none of theirs") {
    auto src = staged_shop();
    src.add("models/_chains.yml", "version: 2\nsources:\n"
                                  "  - name: eth\n    database: eth_db\n    schema: core\n    tables: [{name: logs}]\n"
                                  "  - name: avax\n    database: avax_db\n    schema: core\n    tables: [{name: logs}]\n");
    src.add("models/any_logs.sql", "select topic from core.logs\n");
    src.add("models/base_logs.sql", "select topic from base_db.core.logs\n");
    auto t = trace(src);
    const auto& any = t.model("any_logs");
    REQUIRE(any.columns.size() == 1);
    CHECK(any.columns[0].unresolved);
    CHECK(any.columns[0].from.empty());
    CHECK(any.columns[0].from_tables.empty());
    CHECK(any.columns[0].reason == "upstream not analysed: core.logs names several nodes");
    CHECK(any.external_tables.empty());

    const auto& base = t.model("base_logs");
    REQUIRE(base.columns.size() == 1);
    CHECK_FALSE(base.columns[0].unresolved);
    CHECK(base.columns[0].from.empty());
    CHECK(base.columns[0].from_tables == Tables{{"base_db.core.logs", "topic"}});
}
