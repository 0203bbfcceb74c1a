// PostgreSQL engine tests against a real server (label "postgres"; see pg_server.hpp).

#include "engine/postgres_connection.hpp"
#include "pg_server.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <iostream>
#include <thread>
#include <unistd.h>

using namespace dpipe::engine;
using dpipe::core::Error;
using dpipe::core::ExitCode;
using Cell = std::optional<std::string>;

namespace {

std::unique_ptr<PostgresConnection> connect_or_skip() {
    const auto& s = testing::pg_server();
    if (s.conninfo.empty()) {
        const char* req = std::getenv("DPIPE_REQUIRE_POSTGRES");
        if (req != nullptr && std::string(req) == "1") {
            FAIL("DPIPE_REQUIRE_POSTGRES=1 but " << s.why_not);
        }
        std::cout << "SKIPPED: no PostgreSQL server: " << s.why_not << std::endl;
        WARN("SKIPPED: no PostgreSQL server: " << s.why_not);
        return nullptr;
    }
    return PostgresConnection::wait_ready(s.conninfo, s.display, std::chrono::seconds(30), {});
}

std::string session() {
    return "t" + std::to_string(getpid());
}

} // namespace

TEST_CASE("postgres runs statements and streams rows", "[engine][postgres]") {
    auto db = connect_or_skip();
    if (!db) {
        return;
    }
    REQUIRE(db->dialect() == "postgres");
    REQUIRE(db->server_version() >= 100000);
    RunSchema schema(*db, session());
    REQUIRE(schema.name() == "dpipe_" + session());
    std::string t = db->qualified({schema.name(), "t"});
    db->execute("CREATE TABLE " + t + " (a int, b text); INSERT INTO " + t +
                " VALUES (1, 'x'), (2, NULL), (3, 'z')");
    QueryResult r = db->query("SELECT a, b FROM " + t + " ORDER BY a", 2);
    REQUIRE(r.columns == std::vector<std::string>{"a", "b"});
    REQUIRE(r.row_count == 3);
    REQUIRE(r.rows == std::vector<std::vector<Cell>>{{"1", "x"}, {"2", std::nullopt}});
    REQUIRE(db->query("SELECT count(*) FROM generate_series(1, 100000)", 5).rows[0][0] ==
            Cell("100000"));
    REQUIRE(db->query("SELECT g FROM generate_series(1, 100000) g", 3).row_count == 100000);
}

TEST_CASE("postgres errors carry the server's message and SQLSTATE", "[engine][postgres]") {
    auto db = connect_or_skip();
    if (!db) {
        return;
    }
    try {
        db->query("SELECT * FROM no_such_table_dpipe", 1);
        FAIL("no error");
    } catch (const SqlError& e) {
        REQUIRE(e.sqlstate() == "42P01");
        REQUIRE(std::string(e.what()) ==
                "relation \"no_such_table_dpipe\" does not exist (SQLSTATE 42P01)");
    }
    REQUIRE_THROWS_WITH(db->execute("SELEC 1"), Catch::Contains("syntax error"));
    // The connection stays usable after errors, including one in the middle of a result.
    REQUIRE_THROWS_WITH(db->query("SELECT 1 / (g - 3) FROM generate_series(1, 5) g", 10),
                        Catch::Contains("division by zero"));
    REQUIRE(db->query("SELECT 2", 1).rows[0][0] == Cell("2"));
    REQUIRE_THROWS_AS(db->query("SELECT 1; SELECT 2", 1), SqlError);
}

TEST_CASE("postgres bulk-loads CSV through COPY", "[engine][postgres]") {
    auto db = connect_or_skip();
    if (!db) {
        return;
    }
    RunSchema schema(*db, session());
    TableRef people{schema.name(), "people"};
    std::string csv = "id,name,note,amount\r\n"
                      "1,ann,\"\",1.5\r\n"
                      "2,,\"tab\there, back\\slash\",\r\n"
                      "3,\"multi\nline\",\"say \"\"hi\"\"\",2\r\n";
    REQUIRE(db->load_csv(people, {{"id", "integer"}, {"amount", "numeric(6,2)"}}, csv,
                         {"seeds/people.csv"}) == 3);
    auto r = db->query(
        "SELECT id, name, note, amount FROM " + db->qualified(people) + " ORDER BY id", 10);
    REQUIRE(r.rows[0] == std::vector<Cell>{"1", "ann", "", "1.50"});
    REQUIRE(r.rows[1] ==
            std::vector<Cell>{"2", std::nullopt, "tab\there, back\\slash", std::nullopt});
    REQUIRE(r.rows[2] == std::vector<Cell>{"3", "multi\nline", "say \"hi\"", "2.00"});
    REQUIRE(db->query("SELECT pg_typeof(id)::text FROM " + db->qualified(people), 1).rows[0][0] ==
            Cell("integer"));

    // A value the type rejects: the server's message, and the table is left as it was.
    try {
        db->load_csv(people, {{"id", "integer"}}, "id\n1\nabc\n", {"seeds/people.csv"});
        FAIL("no error");
    } catch (const SqlError& e) {
        REQUIRE_THAT(e.what(), Catch::Contains("seeds/people.csv") &&
                                   Catch::Contains("invalid input syntax for type integer"));
    }
    REQUIRE(db->query("SELECT count(*) FROM " + db->qualified(people), 1).rows[0][0] == Cell("3"));
    // A malformed row: located input error, and the connection is still usable.
    try {
        db->load_csv(people, {}, "a,b\n1,2\n3\n", {"seeds/people.csv"});
        FAIL("no error");
    } catch (const Error& e) {
        REQUIRE(e.exit_code() == ExitCode::Usage);
        REQUIRE(e.diagnostics().at(0).loc.str() == "seeds/people.csv:3:1");
    }
    REQUIRE(db->query("SELECT count(*) FROM " + db->qualified(people), 1).rows[0][0] == Cell("3"));
}

TEST_CASE("run schemas are created once and dropped with their contents", "[engine][postgres]") {
    auto db = connect_or_skip();
    if (!db) {
        return;
    }
    std::string name;
    {
        RunSchema schema(*db, session() + "-Run.1");
        name = schema.name();
        REQUIRE(name == "dpipe_" + session() + "_run_1");
        db->execute("CREATE TABLE " + db->quote_ident(name) + ".x (a int)");
        REQUIRE_THROWS_AS(create_run_schema(*db, name), SqlError); // never shared
    }
    REQUIRE(db->query("SELECT 1 FROM pg_namespace WHERE nspname = '" + name + "'", 1).row_count ==
            0);
    REQUIRE(run_schema_name(std::string(100, 'a')).size() == 63);
}

TEST_CASE("waiting for a server that never answers", "[engine][postgres]") {
    PgParams p;
    p.port = 1; // nothing listens there
    p.user = "u";
    p.password = "secret-pw";
    p.dbname = "d";
    REQUIRE(p.conninfo().find("password='secret-pw'") != std::string::npos);
    REQUIRE(p.display() == "u@127.0.0.1:1/d");
    try {
        PostgresConnection::wait_ready(p.conninfo(), p.display(), std::chrono::milliseconds(300),
                                       {});
        FAIL("connected");
    } catch (const Error& e) {
        REQUIRE(e.exit_code() == ExitCode::Unavailable);
        REQUIRE_THAT(e.what(), Catch::Contains("not ready after 300 ms"));
        REQUIRE_THAT(e.what(), !Catch::Contains("secret-pw"));
    }
    int calls = 0;
    auto dead = [&]() -> std::optional<std::string> {
        ++calls;
        return "container abc exited (exit code 1); last log lines:\nFATAL: boom";
    };
    REQUIRE_THROWS_WITH(
        PostgresConnection::wait_ready(p.conninfo(), p.display(), std::chrono::seconds(30), dead),
        Catch::Contains("stopped before it was ready") && Catch::Contains("FATAL: boom"));
    REQUIRE(calls == 1);
}

TEST_CASE("connection errors never show the password", "[engine][postgres]") {
    // Parsed: the password is known and masked wherever libpq repeats it.
    REQUIRE(safe_connect_message("host=h password=pw-secret-1 port=1",
                                 "could not connect: pw-secret-1") == "could not connect: ****");
    // Unparsable: libpq quotes the fragment it choked on, which may be part of the password.
    std::string bad = "host=h password=pw secret-2";
    std::string msg = safe_connect_message(bad, "missing \"=\" after \"secret-2\" in connection "
                                                "info string");
    REQUIRE_THAT(msg, !Catch::Contains("secret-2"));
    REQUIRE_THAT(msg, Catch::Contains("in connection info string"));
    try {
        PostgresConnection::connect(bad, "DPIPE_TEST_DSN");
        FAIL("connected");
    } catch (const Error& e) {
        REQUIRE(e.exit_code() == ExitCode::Unavailable);
        REQUIRE_THAT(e.what(), !Catch::Contains("secret-2") && !Catch::Contains("pw "));
    }
    try {
        PostgresConnection::connect("postgresql://u:pw-secret-3@127.0.0.1:1/d?connect_timeout=1",
                                    "DPIPE_TEST_DSN");
        FAIL("connected");
    } catch (const Error& e) {
        REQUIRE_THAT(e.what(), !Catch::Contains("pw-secret-3"));
    }
}

TEST_CASE("postgres cancel from another thread interrupts a running query", "[engine][postgres]") {
    auto db = connect_or_skip();
    if (!db) {
        return;
    }
    std::thread canceller([&db] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        db->cancel();
    });
    try {
        db->query("SELECT pg_sleep(30)", 1);
        canceller.join();
        FAIL("the query was not interrupted");
    } catch (const Error& e) {
        canceller.join();
        REQUIRE(std::string(e.what()) == "interrupted");
        REQUIRE(e.exit_code() == ExitCode::Interrupted);
    }
    REQUIRE_THROWS_WITH(db->execute("SELECT 1"), "interrupted");
}
