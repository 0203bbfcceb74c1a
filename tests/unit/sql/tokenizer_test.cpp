#include "sql/tokenizer.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace dpipe::sql;

namespace {

// "kind:text" of every token but End.
std::vector<std::string> lex(std::string_view sql, Dialect d = Dialect::Postgres) {
    std::vector<std::string> out;
    for (const Token& t : tokenize(sql, d)) {
        if (t.kind != TokenKind::End) {
            out.push_back(std::string(token_kind_name(t.kind)) + ":" + std::string(t.text));
        }
    }
    return out;
}

using V = std::vector<std::string>;

} // namespace

TEST_CASE("tokens are views into the source with offsets", "[sql][tokenizer]") {
    std::string sql = "select a.b, 42 from t";
    auto toks = tokenize(sql, Dialect::Postgres);
    REQUIRE(toks.size() == 9);
    CHECK(toks[0].text.data() == sql.data());
    CHECK(toks[1].offset == 7);
    CHECK(toks[2].kind == TokenKind::Dot);
    CHECK(toks[5].kind == TokenKind::Number);
    CHECK(toks[5].offset == 12);
    CHECK(toks.back().kind == TokenKind::End);
    CHECK(toks.back().offset == sql.size());
}

TEST_CASE("identifier quoting differs per dialect", "[sql][tokenizer]") {
    CHECK(lex("\"a\"\"b\"") == V{"quoted identifier:\"a\"\"b\""});
    CHECK(lex("`proj.ds.t`", Dialect::BigQuery) == V{"quoted identifier:`proj.ds.t`"});
    CHECK(lex("[my col]", Dialect::SQLite) == V{"quoted identifier:[my col]"});
    CHECK(lex("`x`", Dialect::SQLite) == V{"quoted identifier:`x`"});
    // Brackets are subscripts outside sqlite.
    CHECK(lex("a[1]") == V{"word:a", "'[':[", "number:1", "']':]"});
    // BigQuery: double quotes make strings, not identifiers.
    CHECK(lex("\"text\"", Dialect::BigQuery) == V{"string:\"text\""});
}

TEST_CASE("string literals and escapes", "[sql][tokenizer]") {
    CHECK(lex("'it''s'") == V{"string:'it''s'"});
    CHECK(lex("E'a\\'b'") == V{"string:E'a\\'b'"});
    CHECK(lex("'a\\'b'", Dialect::Snowflake) == V{"string:'a\\'b'"});
    CHECK(lex("'a\\' b", Dialect::Postgres) == V{"string:'a\\'", "word:b"});
    CHECK(lex("r'\\d+' b'x'", Dialect::BigQuery) == V{"string:r'\\d+'", "string:b'x'"});
    CHECK(lex("'''multi\n'line'''", Dialect::BigQuery) == V{"string:'''multi\n'line'''"});
    CHECK(lex("X'1F' N'n' U&'d'") == V{"string:X'1F'", "string:N'n'", "string:U&'d'"});
    auto bad = tokenize("select 'open", Dialect::Postgres);
    REQUIRE(bad.size() == 3);
    CHECK(bad[1].kind == TokenKind::Error);
    CHECK(std::string(Tokenizer::error_message(bad[1])) == "unterminated string literal");
}

TEST_CASE("dollar quoting", "[sql][tokenizer]") {
    CHECK(lex("$$a 'b' c$$") == V{"string:$$a 'b' c$$"});
    CHECK(lex("$fn$ body $$ x $fn$") == V{"string:$fn$ body $$ x $fn$"});
    CHECK(lex("$1 + $2") == V{"parameter:$1", "operator:+", "parameter:$2"});
    CHECK(lex("$$x$$", Dialect::Snowflake) == V{"string:$$x$$"});
    CHECK(lex("$$never closed")[0].rfind("invalid token", 0) == 0);
}

TEST_CASE("comments per dialect", "[sql][tokenizer]") {
    CHECK(lex("a -- c\nb") == V{"word:a", "word:b"});
    CHECK(lex("a /* x /* y */ z */ b") == V{"word:a", "word:b"});
    // Not nested in snowflake: the first */ ends the comment.
    CHECK(lex("a /* x /* y */ b", Dialect::Snowflake) == V{"word:a", "word:b"});
    CHECK(lex("a # c\nb", Dialect::BigQuery) == V{"word:a", "word:b"});
    CHECK(lex("a # b", Dialect::Postgres) == V{"word:a", "operator:#", "word:b"});
    CHECK(lex("a // c\nb", Dialect::Snowflake) == V{"word:a", "word:b"});
    auto open = tokenize("a /* open", Dialect::Postgres);
    CHECK(open[1].kind == TokenKind::Error);
    CHECK(std::string(Tokenizer::error_message(open[1])) == "unterminated block comment");
}

TEST_CASE("casts, paths and operators", "[sql][tokenizer]") {
    CHECK(lex("x::int") == V{"word:x", "operator:::", "word:int"});
    CHECK(lex("v:a.b", Dialect::Snowflake) == V{"word:v", "':'::", "word:a", "'.':.", "word:b"});
    CHECK(lex("j->>'k' #>> '{a}' @> x <@ y") ==
          V{"word:j", "operator:->>", "string:'k'", "operator:#>>", "string:'{a}'", "operator:@>", "word:x",
            "operator:<@", "word:y"});
    CHECK(lex("a<>b!=c<=d||e") ==
          V{"word:a", "operator:<>", "word:b", "operator:!=", "word:c", "operator:<=", "word:d", "operator:||", "word:e"});
    CHECK(lex("j ? 'k'") == V{"word:j", "operator:?", "string:'k'"});
    CHECK(lex("x = ?", Dialect::Trino) == V{"word:x", "operator:=", "parameter:?"});
    CHECK(lex("@p", Dialect::BigQuery) == V{"parameter:@p"});
    CHECK(lex(":name", Dialect::SQLite) == V{"parameter::name"});
    CHECK(lex("f(a => 1)", Dialect::Snowflake) == V{"word:f", "'(':(", "word:a", "operator:=>", "number:1", "')':)"});
}

TEST_CASE("numbers", "[sql][tokenizer]") {
    CHECK(lex("1 1.5 .5 1e10 2.5E-3 0x1F 1_000") ==
          V{"number:1", "number:1.5", "number:.5", "number:1e10", "number:2.5E-3", "number:0x1F", "number:1_000"});
    CHECK(lex("t.1") == V{"word:t", "number:.1"});
    CHECK(lex("1.e") == V{"number:1.", "word:e"});
}

TEST_CASE("any byte sequence tokenizes to End", "[sql][tokenizer]") {
    std::string junk;
    for (int i = 0; i < 256; ++i) {
        junk += static_cast<char>(i);
    }
    for (Dialect d : {Dialect::Postgres, Dialect::Snowflake, Dialect::BigQuery, Dialect::DuckDB, Dialect::SQLite,
                      Dialect::Trino, Dialect::Ansi}) {
        auto toks = tokenize(junk, d);
        REQUIRE(!toks.empty());
        CHECK(toks.back().kind == TokenKind::End);
        for (std::size_t i = 0; i + 1 < toks.size(); ++i) {
            CHECK(!toks[i].text.empty());
            CHECK(toks[i].offset + toks[i].text.size() <= toks[i + 1].offset);
        }
    }
}

namespace {

// "kind:text" of every token of `sql` with trivia kept (End left out).
std::vector<std::string> lex_trivia(std::string_view sql, Trivia trivia, Dialect d = Dialect::Postgres) {
    std::vector<std::string> out;
    Tokenizer tz(sql, d);
    for (Token t = tz.next(trivia); t.kind != TokenKind::End; t = tz.next(trivia)) {
        std::string kind = t.kind == TokenKind::LineComment    ? "line"
                           : t.kind == TokenKind::BlockComment ? "block"
                                                                : token_kind_name(t.kind);
        out.push_back(kind + ":" + std::string(t.text));
    }
    return out;
}

} // namespace

TEST_CASE("trivia tokens cover the source without gaps when kept", "[sql][tokenizer][trivia]") {
    std::string sql = "select a, -- dpipe:ignore ST01\n  /* two\nlines */ b\nfrom t";
    CHECK(lex_trivia(sql, Trivia::All) ==
          V{"word:select", "whitespace: ", "word:a", "',':,", "whitespace: ", "line:-- dpipe:ignore ST01",
            "whitespace:\n  ", "block:/* two\nlines */", "whitespace: ", "word:b", "whitespace:\n", "word:from",
            "whitespace: ", "word:t"});
    std::string joined;
    Tokenizer tz(sql, Dialect::Postgres);
    for (Token t = tz.next(Trivia::All); t.kind != TokenKind::End; t = tz.next(Trivia::All)) {
        CHECK(t.offset == joined.size());
        joined += t.text;
    }
    CHECK(joined == sql);
    CHECK(lex_trivia(sql, Trivia::Comments) ==
          V{"word:select", "word:a", "',':,", "line:-- dpipe:ignore ST01", "block:/* two\nlines */", "word:b",
            "word:from", "word:t"});
    // The default still skips trivia.
    CHECK(lex_trivia(sql, Trivia::Skip) == V{"word:select", "word:a", "',':,", "word:b", "word:from", "word:t"});
}

TEST_CASE("trivia follows the dialect's comment rules", "[sql][tokenizer][trivia]") {
    CHECK(lex_trivia("a # c\nb", Trivia::Comments, Dialect::BigQuery) == V{"word:a", "line:# c", "word:b"});
    CHECK(lex_trivia("a # b", Trivia::Comments) == V{"word:a", "operator:#", "word:b"});
    CHECK(lex_trivia("a /* x /* y */ z */ b", Trivia::Comments) == V{"word:a", "block:/* x /* y */ z */", "word:b"});
    CHECK(lex_trivia("a /* x /* y */ b", Trivia::Comments, Dialect::Snowflake) ==
          V{"word:a", "block:/* x /* y */", "word:b"});
    CHECK(lex_trivia("a -- end", Trivia::All) == V{"word:a", "whitespace: ", "line:-- end"});
    auto open = lex_trivia("a /* open", Trivia::All);
    REQUIRE(open.size() == 3);
    CHECK(open[2] == "invalid token:/* open");
}

TEST_CASE("comments() lists the comments with their offsets", "[sql][tokenizer][trivia]") {
    std::string sql = "select '-- not a comment', \"/* nor */\" -- dpipe:ignore AM04\nfrom t /* x */";
    auto cs = comments(sql, Dialect::Postgres);
    REQUIRE(cs.size() == 2);
    CHECK(cs[0].kind == TokenKind::LineComment);
    CHECK(cs[0].text == "-- dpipe:ignore AM04");
    CHECK(cs[0].offset == sql.find("-- dpipe"));
    CHECK(cs[0].text.data() == sql.data() + cs[0].offset);
    CHECK(cs[1].kind == TokenKind::BlockComment);
    CHECK(cs[1].text == "/* x */");
    CHECK(cs[1].offset == sql.size() - 7);
    CHECK(comments("select 1 /* open", Dialect::Postgres).empty());
}

TEST_CASE("lexical rules of redshift, databricks, clickhouse and sqlserver", "[sql][tokenizer]") {
    // T-SQL: [bracketed] and "quoted" names, #temp tables, @variables, nested comments.
    CHECK(lex("select [Order Date], \"x\" from #tmp, ##g where a = @p /* a /* b */ c */", Dialect::SQLServer) ==
          V{"word:select", "quoted identifier:[Order Date]", "',':,", "quoted identifier:\"x\"", "word:from",
            "word:#tmp", "',':,", "word:##g", "word:where", "word:a", "operator:=", "parameter:@p"});
    // Databricks: `name`, "text" is a string, backslash escapes, :: casts.
    CHECK(lex("select `a b`, \"s\\\"\", 'it\\'s', x::int", Dialect::Databricks) ==
          V{"word:select", "quoted identifier:`a b`", "',':,", "string:\"s\\\"\"", "',':,", "string:'it\\'s'",
            "',':,", "word:x", "operator:::", "word:int"});
    // ClickHouse: `name` and "name", # comments, backslash escapes.
    CHECK(lex("select `a`, \"b\", 'c\\'' # note", Dialect::ClickHouse) ==
          V{"word:select", "quoted identifier:`a`", "',':,", "quoted identifier:\"b\"", "',':,", "string:'c\\''"});
    // Redshift: backslash escapes and :: casts, no $tag$ quoting.
    CHECK(lex("select 'a\\'b', x::date", Dialect::Redshift) ==
          V{"word:select", "string:'a\\'b'", "',':,", "word:x", "operator:::", "word:date"});
}
