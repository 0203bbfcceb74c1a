#include "engine/csv.hpp"

#include <catch2/catch.hpp>

using namespace dpipe::engine;
using dpipe::core::Error;

namespace {

// Records as strings, NULL shown as <null>.
std::vector<std::vector<std::string>> read_all(std::string_view text, CsvSource src = {"s.csv"}) {
    CsvReader r(text, src);
    std::vector<CsvField> fields;
    std::vector<std::vector<std::string>> out;
    while (r.next(fields)) {
        auto& row = out.emplace_back();
        for (const CsvField& f : fields) {
            row.push_back(f.is_null() ? "<null>" : std::string(f.text));
        }
    }
    return out;
}

std::string error_of(std::string_view text, CsvSource src = {"seeds/x.csv"}) {
    try {
        read_all(text, src);
    } catch (const Error& e) {
        return e.diagnostics().at(0).headline();
    }
    return "no error";
}

using Rows = std::vector<std::vector<std::string>>;

} // namespace

TEST_CASE("plain and quoted and escaped fields", "[engine][csv]") {
    REQUIRE(read_all("a,b\n1,2\n") == Rows{{"a", "b"}, {"1", "2"}});
    REQUIRE(read_all("\"x,y\",\"say \"\"hi\"\"\",z") == Rows{{"x,y", "say \"hi\"", "z"}});
    REQUIRE(read_all("\"\"\"\"") == Rows{{"\""}});
    REQUIRE(read_all("\"multi\nline\",2\n3,4") == Rows{{"multi\nline", "2"}, {"3", "4"}});
    REQUIRE(read_all("5'11\",x") == Rows{{"5'11\"", "x"}});
}

TEST_CASE("empty unquoted fields are NULL and quoted empty fields are empty strings",
          "[engine][csv]") {
    REQUIRE(read_all("a,,\"\",b\n") == Rows{{"a", "<null>", "", "b"}});
    REQUIRE(read_all(",\n") == Rows{{"<null>", "<null>"}});
}

TEST_CASE("CRLF and CR line ends with blank lines and a byte-order mark", "[engine][csv]") {
    REQUIRE(read_all("a,b\r\n1,2\r\n") == Rows{{"a", "b"}, {"1", "2"}});
    REQUIRE(read_all("a\r1\r") == Rows{{"a"}, {"1"}});
    REQUIRE(read_all("\xEF\xBB\xBF"
                     "id\n\n\n1\n\n") == Rows{{"id"}, {"1"}});
    REQUIRE(read_all("\"a\r\nb\"\r\n") == Rows{{"a\r\nb"}});
    REQUIRE(read_all("").empty());
}

TEST_CASE("malformed CSV is located", "[engine][csv]") {
    REQUIRE(error_of("a,b\n1,\"open\n2,3\n") ==
            "seeds/x.csv:2:3: error: malformed CSV: unterminated quoted field [EN001]");
    REQUIRE(error_of("a\n\"x\"y,2\n") ==
            "seeds/x.csv:2:4: error: malformed CSV: unexpected character after a closing quote "
            "(write \"\" for a quote inside a quoted field) [EN001]");
    CsvSource small{"s.csv", 2, 4};
    REQUIRE(error_of("a,b,c\n", small) ==
            "s.csv:1:5: error: malformed CSV: more than 2 fields in a row [EN001]");
    REQUIRE(error_of("abcdef\n", small) ==
            "s.csv:1:1: error: malformed CSV: field longer than 4 bytes [EN001]");
}

TEST_CASE("record lines follow multi-line fields", "[engine][csv]") {
    CsvReader r("h\n\"a\nb\"\nc\n", {"s.csv"});
    std::vector<CsvField> f;
    REQUIRE(r.next(f));
    REQUIRE(r.record_line() == 1);
    REQUIRE(r.next(f));
    REQUIRE(r.record_line() == 2);
    REQUIRE(r.next(f));
    REQUIRE(r.record_line() == 4);
    REQUIRE_FALSE(r.next(f));
}

TEST_CASE("header columns take declared types", "[engine][csv]") {
    CsvSource src{"seeds/p.csv"};
    std::vector<CsvField> header{{"id", false}, {" Name ", false}};
    auto cols = resolve_csv_columns(header, {{"ID", "integer"}}, src, 1);
    REQUIRE(cols.size() == 2);
    REQUIRE(cols[0].name == "id");
    REQUIRE(cols[0].type == "integer");
    REQUIRE(cols[1].name == "Name");
    REQUIRE(cols[1].type.empty());
    REQUIRE_THROWS_WITH(resolve_csv_columns(header, {{"age", "int"}}, src, 1),
                        "declared column 'age' is not in the CSV header");
    std::vector<CsvField> dup{{"a", false}, {"A", false}};
    REQUIRE_THROWS_WITH(resolve_csv_columns(dup, {}, src, 1), "CSV header repeats the column 'A'");
    std::vector<CsvField> empty{{"a", false}, {"", false}};
    REQUIRE_THROWS_WITH(resolve_csv_columns(empty, {}, src, 1),
                        "CSV header has an empty column name");
}
