#include "engine/sqlite_connection.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <thread>
#include <unistd.h>

using namespace dpipe::engine;
using dpipe::core::Error;
using Cell = std::optional<std::string>;

TEST_CASE("sqlite executes statements and returns rows as text", "[engine][sqlite]") {
    SqliteConnection db;
    REQUIRE(db.dialect() == "sqlite");
    db.execute("CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x'), (2, NULL), "
               "(3, 'z');");
    QueryResult r = db.query("SELECT a, b FROM t ORDER BY a", 2);
    REQUIRE(r.columns == std::vector<std::string>{"a", "b"});
    REQUIRE(r.rows.size() == 2);
    REQUIRE(r.row_count == 3);
    REQUIRE(r.truncated());
    REQUIRE(r.rows[0] == std::vector<Cell>{"1", "x"});
    REQUIRE(r.rows[1] == std::vector<Cell>{"2", std::nullopt});
    REQUIRE_FALSE(db.query("SELECT 1;", 5).truncated());
}

TEST_CASE("sqlite errors carry the database's message", "[engine][sqlite]") {
    SqliteConnection db;
    try {
        db.query("SELECT * FROM missing_table", 1);
        FAIL("no error");
    } catch (const SqlError& e) {
        REQUIRE(std::string(e.what()) == "no such table: missing_table");
        REQUIRE(e.exit_code() == dpipe::core::ExitCode::Findings);
    }
    REQUIRE_THROWS_WITH(db.execute("CREATE TABLE ok (a); SELEC 1"),
                        Catch::Contains("syntax error"));
    REQUIRE_THROWS_WITH(db.query("SELECT 1; SELECT 2", 1), Catch::Contains("one statement"));
}

TEST_CASE("sqlite schemas are attached databases", "[engine][sqlite]") {
    SqliteConnection db;
    db.ensure_schema("staging");
    db.ensure_schema("staging"); // idempotent
    db.execute("CREATE TABLE \"staging\".\"orders\" (id INTEGER)");
    db.execute("INSERT INTO staging.orders VALUES (7)");
    REQUIRE(db.query(R"(SELECT id FROM "staging"."orders")", 1).rows[0][0] == Cell("7"));
    REQUIRE(db.qualified({"staging", "orders"}) == R"("staging"."orders")");
    REQUIRE(db.qualified({"", "o"}) == R"("o")");
    REQUIRE(db.quote_ident("we\"ird") == R"("we""ird")");
}

TEST_CASE("sqlite loads CSV with declared types and NULLs and empty strings", "[engine][sqlite]") {
    SqliteConnection db;
    std::string csv = "id,name,note\r\n1,ann,\"\"\r\n2,,\"a, \"\"quoted\"\" note\"\r\n";
    REQUIRE(db.load_csv({"raw", "people"}, {{"id", "INTEGER"}}, csv, {"seeds/people.csv"}) == 2);
    auto r = db.query("SELECT id, typeof(id), name, note FROM raw.people ORDER BY id", 10);
    REQUIRE(r.rows[0] == std::vector<Cell>{"1", "integer", "ann", ""});
    REQUIRE(r.rows[1] == std::vector<Cell>{"2", "integer", std::nullopt, "a, \"quoted\" note"});
    // Loading again replaces the table.
    REQUIRE(db.load_csv({"raw", "people"}, {}, "id\n9\n", {"seeds/people.csv"}) == 1);
    REQUIRE(db.query("SELECT * FROM raw.people", 10).rows.size() == 1);
}

TEST_CASE("sqlite CSV load errors are located and leave nothing behind", "[engine][sqlite]") {
    SqliteConnection db;
    try {
        db.load_csv({"", "t"}, {}, "a,b\n1,2\n3\n", {"seeds/t.csv"});
        FAIL("no error");
    } catch (const Error& e) {
        REQUIRE(e.diagnostics().at(0).headline() ==
                "seeds/t.csv:3:1: error: CSV row has 1 fields, the header has 2 [EN001]");
    }
    REQUIRE_THROWS_AS(db.query("SELECT * FROM t", 1), SqlError);
    REQUIRE_THROWS_WITH(db.load_csv({"", "t"}, {}, "", {"seeds/t.csv"}),
                        Catch::Contains("header row is required"));
    REQUIRE_THROWS_WITH(db.load_csv({"", "t"}, {{"a", "NOT_A_TYPE("}}, "a\n1\n", {"seeds/t.csv"}),
                        Catch::Contains("syntax error"));
}

TEST_CASE("sqlite in a file keeps schemas in files beside it", "[engine][sqlite]") {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("dpipe-sqlite-" + std::to_string(getpid()));
    fs::create_directories(dir);
    {
        SqliteConnection db((dir / "main.db").string());
        db.ensure_schema("marts");
        db.execute("CREATE TABLE marts.x (a); INSERT INTO marts.x VALUES (1)");
    }
    REQUIRE(fs::exists(dir / "main.db.marts"));
    {
        SqliteConnection db((dir / "main.db").string());
        db.ensure_schema("marts");
        REQUIRE(db.query("SELECT a FROM marts.x", 1).rows[0][0] == Cell("1"));
    }
    fs::remove_all(dir);
    REQUIRE_THROWS_AS(SqliteConnection("/nonexistent-dir/x/y.db"), Error);
}

TEST_CASE("sqlite reads a double-quoted missing column as an error, not a string",
          "[engine][sqlite]") {
    SqliteConnection db;
    db.execute("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (NULL)");
    REQUIRE_THROWS_WITH(db.query("SELECT * FROM t WHERE \"nosuch\" IS NULL", 5),
                        Catch::Contains("no such column: nosuch"));
    REQUIRE_THROWS_AS(db.execute("CREATE INDEX i ON t (\"nosuch\")"), SqlError);
    // Quoted names that exist still work, and single quotes remain strings.
    REQUIRE(db.query("SELECT \"a\" FROM t WHERE \"a\" IS NULL", 5).row_count == 1);
    REQUIRE(db.query("SELECT 'x'", 1).rows[0][0] == Cell("x"));
}

TEST_CASE("sqlite cancel from another thread interrupts a running query", "[engine][sqlite]") {
    SqliteConnection db;
    std::thread canceller([&db] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        db.cancel();
    });
    auto start = std::chrono::steady_clock::now();
    try {
        db.query("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1000000000)"
                 " SELECT count(*) FROM c",
                 1);
        canceller.join();
        FAIL("the query was not interrupted");
    } catch (const Error& e) {
        canceller.join();
        REQUIRE(std::string(e.what()) == "interrupted");
        REQUIRE(e.exit_code() == dpipe::core::ExitCode::Interrupted);
    }
    REQUIRE(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
    // Every later call fails the same way, so no new statement starts after a cancel.
    REQUIRE_THROWS_WITH(db.execute("SELECT 1"), "interrupted");
    REQUIRE_THROWS_WITH(db.query("SELECT 1", 1), "interrupted");
}

TEST_CASE("a cancel group cancels its connections until released", "[engine][sqlite]") {
    SqliteConnection a;
    SqliteConnection b;
    CancelGroup group;
    group.add(a);
    REQUIRE_FALSE(group.wait_released(std::chrono::milliseconds(1)));
    REQUIRE(group.cancel_all() == 1);
    REQUIRE_THROWS_WITH(a.query("SELECT 1", 1), "interrupted");
    REQUIRE(b.query("SELECT 1", 1).row_count == 1);
    std::thread releaser([&group] { group.release(); });
    REQUIRE(group.wait_released(std::chrono::seconds(10)));
    releaser.join();
    group.add(b); // too late: a released group cancels nothing
    REQUIRE(group.cancel_all() == 0);
    REQUIRE(b.query("SELECT 1", 1).row_count == 1);
}
