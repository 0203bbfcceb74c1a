#include "template/lexer.hpp"
#include "template/parser.hpp"

#include "helpers.hpp"

#include <catch2/catch.hpp>

using namespace dpipe::tmpl;
using dpipe::tmpl::testing::jinja;

TEST_CASE("lexer splits data and tags and drops comments") {
    auto toks = tokenize("a{{ x }}b{# c #}d{% if y %}e{% endif %}");
    std::vector<Tok> kinds;
    for (const auto& t : toks) {
        kinds.push_back(t.type);
    }
    CHECK(kinds == std::vector<Tok>{Tok::Data, Tok::VarBegin, Tok::Name, Tok::VarEnd, Tok::Data, Tok::Data,
                                    Tok::BlockBegin, Tok::Name, Tok::Name, Tok::BlockEnd, Tok::Data, Tok::BlockBegin,
                                    Tok::Name, Tok::BlockEnd, Tok::Eof});
}

TEST_CASE("lexer keeps %} inside strings and balances braces") {
    CHECK(jinja("{{ '%}' }}") == "%}");
    CHECK(jinja("{{ {'a': {'b': 1}}['a']['b'] }}") == "1");
}

TEST_CASE("string escapes follow Python") {
    CHECK(jinja(R"({{ 'a\nb' }})") == "a\nb");
    CHECK(jinja(R"({{ 'tab\there' }})") == "tab\there");
    CHECK(jinja(R"({{ '\d+' }})") == "\\d+");
    CHECK(jinja(R"({{ "it's" }})") == "it's");
    CHECK(jinja(R"({{ 'caf\u00e9' }})") == "caf\xc3\xa9");
    CHECK(jinja(R"({{ 'a' 'b' }})") == "ab");
}

TEST_CASE("newlines are normalised and one trailing newline dropped") {
    CHECK(normalize_source("a\r\nb\rc\n") == "a\nb\nc");
    CHECK(normalize_source("a\r\r\nb\r") == "a\n\nb");
    CHECK(normalize_source("plain\ntext") == "plain\ntext");
    CHECK(normalize_source("").empty());
    CHECK(jinja("x\n") == "x");
    CHECK(jinja("x\n\n") == "x\n");
}

TEST_CASE("syntax errors are located and name what was expected") {
    auto check = [](const std::string& text, const std::string& expected) {
        auto r = parse_template(text, "models/a.sql");
        REQUIRE_FALSE(r);
        CHECK(r.error().headline() == expected);
    };
    check("select 1\n{% if x %}\nfoo", "models/a.sql:3:4: error: template syntax error: unexpected end of template, "
                                        "expected 'elif' or 'else' or 'endif' (the innermost open block is 'if') [TP001]");
    check("{{ 1 + }}", "models/a.sql:1:8: error: template syntax error: unexpected end of print statement, "
                       "expected an expression [TP001]");
    check("{% for x in y %}{% endif %}",
          "models/a.sql:1:20: error: template syntax error: encountered unknown tag 'endif', expected 'endfor' or "
          "'else' (the innermost open block is 'for') [TP001]");
    check("{% frobnicate %}", "models/a.sql:1:4: error: template syntax error: encountered unknown tag 'frobnicate' [TP001]");
    check("ab\n  {{ x", "models/a.sql:2:7: error: template syntax error: expected end of print statement, got end of "
                       "template [TP001]");
    check("{{ 'abc }}", "models/a.sql:1:4: error: template syntax error: unterminated string literal [TP001]");
    check("{{ (1 }}", "models/a.sql:1:7: error: template syntax error: unexpected '}', expected ')' [TP001]");
    check("{# never closed", "models/a.sql:1:1: error: template syntax error: missing end of comment tag [TP001]");
    check("{% set x %}a", "models/a.sql:1:13: error: template syntax error: unexpected end of template, expected "
                          "'endset' (the innermost open block is 'set') [TP001]");
}

TEST_CASE("macros are collected at top level") {
    auto r = parse_template("{% macro a(x, y=1) %}{% endmacro %}{% test not_neg(model, column_name) %}{% endtest %}",
                            "macros/m.sql");
    REQUIRE(r);
    REQUIRE(r.value()->macros.size() == 2);
    CHECK(r.value()->macros[0]->name == "a");
    CHECK(r.value()->macros[0]->params.size() == 2);
    CHECK(r.value()->macros[1]->name == "test_not_neg");
}

TEST_CASE("non-default parameter after default is a syntax error") {
    auto r = parse_template("{% macro a(x=1, y) %}{% endmacro %}", "m.sql");
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "template syntax error: non-default argument 'y' follows default argument");
}
