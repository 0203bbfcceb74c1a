// The style rules (ST): findings located in the model file, fixes applied to its raw bytes and
// never to text a Jinja tag produced.

#include "harness.hpp"

#include <catch2/catch.hpp>

using namespace dpipe;
using dpipe::lint::test::Harness;
using Strings = std::vector<std::string>;
using Files = std::map<std::string, std::string>;

namespace {

Harness model(const std::string& sql) {
    return Harness(Files{{"seeds/orders.csv", "id,amount\n1,2\n"}, {"models/x.sql", sql}});
}

} // namespace

TEST_CASE("ST001 keyword case: consistent, upper and lower, with fixes outside Jinja") {
    Harness h = model("select id\nFROM {{ ref('orders') }} Where id > 0\n");
    CHECK(h.where("ST001") == Strings{"models/x.sql:2:1", "models/x.sql:2:26"});
    CHECK(h.fixed("ST001", "models/x.sql") == "select id\nfrom {{ ref('orders') }} where id > 0\n");
    CHECK(h.fixed("ST001", "models/x.sql", {{"policy", "upper"}}) ==
          "SELECT id\nFROM {{ ref('orders') }} WHERE id > 0\n");
    CHECK(model("select o.id, o.left_x\nfrom {{ ref('orders') }} as o\n").where("ST001").empty());
    // Keywords inside Jinja text are not the SQL's to fix.
    CHECK(model("select id from {{ ref('orders') }} {% if true %}WHERE id > 0{% endif %}\n").where("ST001").size() == 1);
}

TEST_CASE("ST002 identifier case") {
    Harness h = model("select id, Amount as Total\nfrom {{ ref('orders') }}\n");
    CHECK(h.where("ST002") == Strings{"models/x.sql:1:12", "models/x.sql:1:22"});
    CHECK(h.fixed("ST002", "models/x.sql") == "select id, amount as total\nfrom {{ ref('orders') }}\n");
    CHECK(model("select \"Amount\" as amount from {{ ref('orders') }}\n").where("ST002").empty());
    CHECK(model("select ID, AMOUNT from {{ ref('orders') }}\n").where("ST002").empty());
    CHECK(model("select ID, AMOUNT from {{ ref('orders') }}\n").where("ST002", {{"policy", "lower"}}).size() == 2);
}

TEST_CASE("ST003 trailing whitespace") {
    Harness h = model("select id,  \n  amount\t\nfrom {{ ref('orders') }}\n");
    CHECK(h.where("ST003") == Strings{"models/x.sql:1:11", "models/x.sql:2:9"});
    CHECK(h.fixed("ST003", "models/x.sql") == "select id,\n  amount\nfrom {{ ref('orders') }}\n");
    CHECK(model("select id\nfrom {{ ref('orders') }}\n").where("ST003").empty());
}

TEST_CASE("ST004 tabs in indentation") {
    Harness h = model("select\n\tid,\n  \tamount\nfrom {{ ref('orders') }}\n");
    CHECK(h.where("ST004") == Strings{"models/x.sql:2:1", "models/x.sql:3:3"});
    CHECK(h.fixed("ST004", "models/x.sql", {{"tab_width", 2}}) == "select\n  id,\n    amount\nfrom {{ ref('orders') }}\n");
    CHECK(model("select id, '\t' as tab\nfrom {{ ref('orders') }}\n").where("ST004").empty());
}

TEST_CASE("ST005 final newline") {
    Harness missing = model("select id\nfrom {{ ref('orders') }}");
    CHECK(missing.where("ST005") == Strings{"models/x.sql:2:25"});
    CHECK(missing.fixed("ST005", "models/x.sql") == "select id\nfrom {{ ref('orders') }}\n");
    Harness extra = model("select id\nfrom {{ ref('orders') }}\n\n\n");
    CHECK(extra.where("ST005") == Strings{"models/x.sql:3:1"});
    CHECK(extra.fixed("ST005", "models/x.sql") == "select id\nfrom {{ ref('orders') }}\n");
    CHECK(model("select id\nfrom {{ ref('orders') }}\n").where("ST005").empty());
}

TEST_CASE("ST006 line length") {
    Harness h = model("select id, amount as a_rather_long_name_for_an_amount\nfrom {{ ref('orders') }}\n");
    CHECK(h.where("ST006", {{"max_length", 40}}) == Strings{"models/x.sql:1:41"});
    CHECK(h.where("ST006").empty());
    // The column is a byte column: two-byte characters before the limit move it.
    CHECK(model("select '\xc3\xa9\xc3\xa9' as e\n").where("ST006", {{"max_length", 12}}) == Strings{"models/x.sql:1:15"});
    CHECK(model("-- \xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\nselect 1\n").where("ST006", {{"max_length", 8}}).empty());
}

TEST_CASE("ST007 comma position") {
    Harness lead = model("select\n    id\n    , amount\nfrom {{ ref('orders') }}\n");
    CHECK(lead.where("ST007") == Strings{"models/x.sql:3:5"});
    CHECK(lead.where("ST007", {{"style", "leading"}}).empty());
    Harness trail = model("select\n    id,\n    amount\nfrom {{ ref('orders') }}\n");
    CHECK(trail.where("ST007").empty());
    CHECK(trail.where("ST007", {{"style", "leading"}}) == Strings{"models/x.sql:2:7"});
    CHECK(model("select id, amount from {{ ref('orders') }}\n").where("ST007", {{"style", "leading"}}).empty());
}

TEST_CASE("ST008 select list indentation") {
    Harness ragged = model("select\n    id,\n      amount,\n    amount * 2 as double_amount\nfrom {{ ref('orders') }}\n");
    CHECK(ragged.where("ST008") == Strings{"models/x.sql:3:7"});
    CHECK(model("select id,\n       amount\nfrom {{ ref('orders') }}\n").where("ST008").empty());
    CHECK(model("select\n    id\n    , amount\nfrom {{ ref('orders') }}\n").where("ST008").empty());
    CHECK(model("select id, amount from {{ ref('orders') }}\n").where("ST008").empty());
}
