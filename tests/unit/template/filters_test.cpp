#include "helpers.hpp"

#include <catch2/catch.hpp>

using dpipe::tmpl::testing::jinja;

TEST_CASE("string filters") {
    CHECK(jinja("{{ 'AbC' | lower }} {{ 'abc' | upper }} {{ 'a-b' | replace('-', '_') }} {{ '  x ' | trim }}") ==
          "abc ABC a_b x");
    CHECK(jinja("{{ 'hello WORLD' | capitalize }} {{ 'hello big-world' | title }} {{ 'a b c' | wordcount }}") ==
          "Hello world Hello Big-World 3");
    CHECK(jinja("{{ 'x' | e }}{{ 'y' | escape }}{{ 'z' | safe }} {{ 3 | string }}") == "xyz 3");
    CHECK(jinja("{{ 'a\nb\n\nc' | indent(2) }}|{{ 'a\nb' | indent(2, true) }}") == "a\n  b\n\n  c|  a\n  b");
}

TEST_CASE("default and d") {
    CHECK(jinja("{{ x | default('dflt') }} {{ x | d(1) }} {{ '' | default('e') }} {{ '' | default('e', true) }}") ==
          "dflt 1  e");
}

TEST_CASE("number filters") {
    CHECK(jinja("{{ '42' | int }} {{ 'x' | int(7) }} {{ 3.9 | int }} {{ '2.5' | float }} {{ 'y' | float }}") ==
          "42 7 3 2.5 0.0");
    CHECK(jinja("{{ 2.5 | round }} {{ 3.14159 | round(2) }} {{ 2.1 | round(0, 'ceil') }} {{ -3 | abs }}") ==
          "2.0 3.14 3.0 3");
}

TEST_CASE("sequence filters") {
    CHECK(jinja("{{ [3, 1, 2] | sort }} {{ ['b', 'A', 'c'] | sort }} {{ [1, 2] | sort(reverse=true) }}") ==
          "[1, 2, 3] ['A', 'b', 'c'] [2, 1]");
    CHECK(jinja("{{ ['a', 'A', 'b', 'a'] | unique | list }} {{ [1, 2, 3] | first }} {{ [1, 2, 3] | last }}") ==
          "['a', 'b'] 1 3");
    CHECK(jinja("{{ [1, 2, 3] | length }} {{ 'abc' | count }} {{ {'a': 1} | length }} {{ 'ab' | list }}") ==
          "3 3 1 ['a', 'b']");
    CHECK(jinja("{{ [1, 2, 3] | join(', ') }} {{ [1, 2, 3] | sum }} {{ [4, 2, 8] | min }} {{ [4, 2, 8] | max }}") ==
          "1, 2, 3 6 2 8");
    CHECK(jinja("{{ [1, 2, 3] | reverse | list }} {{ 'abc' | reverse }} {{ {'a': 1} | items | list }}") ==
          "[3, 2, 1] cba [('a', 1)]");
    CHECK(jinja("{{ [1, 2, 3, 4, 5] | batch(2) | list }} {{ [1, 2, 3] | batch(2, 0) | list }}") ==
          "[[1, 2], [3, 4], [5]] [[1, 2], [3, 0]]");
}

TEST_CASE("map, select, reject, selectattr, rejectattr") {
    const char* ctx = R"({"cols": [{"name": "id", "pii": false}, {"name": "email", "pii": true}]})";
    CHECK(jinja("{{ cols | map(attribute='name') | join(',') }}", ctx) == "id,email");
    CHECK(jinja("{{ cols | selectattr('pii') | map(attribute='name') | list }}", ctx) == "['email']");
    CHECK(jinja("{{ cols | rejectattr('pii') | map(attribute='name') | list }}", ctx) == "['id']");
    CHECK(jinja("{{ cols | selectattr('name', 'equalto', 'id') | list | length }}", ctx) == "1");
    CHECK(jinja("{{ ['a', 'b'] | map('upper') | list }} {{ [1, 2, 3, 4] | select('odd') | list }} "
                "{{ [1, 2, 3, 4] | reject('even') | list }} {{ [0, 1, ''] | select | list }}") ==
          "['A', 'B'] [1, 3] [1, 3] [1]");
}

TEST_CASE("tojson sorts keys and escapes HTML characters like jinja2") {
    CHECK(jinja("{{ {'b': [1, 2.5, none, true], 'a': '<x>'} | tojson }}") ==
          R"({"a": "\u003cx\u003e", "b": [1, 2.5, null, true]})");
}

TEST_CASE("format filter and % operator") {
    CHECK(jinja("{{ '%s=%d' | format('a', 3) }} {{ '%05.1f' % 3.14159 }} {{ '%-3s|' % 'a' }}") == "a=3 003.1 a  |");
}

TEST_CASE("tests") {
    CHECK(jinja("{{ x is defined }} {{ x is undefined }} {{ none is none }} {{ 'a' is string }} {{ 1 is number }}") ==
          "False True True True True");
    CHECK(jinja("{{ 1 is integer }} {{ 1.0 is float }} {{ {} is mapping }} {{ [] is iterable }} {{ 'a' is sequence }}") ==
          "True True True True True");
    CHECK(jinja("{{ true is true }} {{ 0 is false }} {{ 2 is eq 2 }} {{ 2 is in [1, 2] }} {{ 9 is divisibleby 3 }}") ==
          "True False True True True");
    CHECK(jinja("{{ 3 is even }} {{ 3 is odd }} {{ 3 is not even }}") == "False True True");
    CHECK(jinja("{{ 1 is frobbed }}") == "ERROR: t.sql:1:6: error: no test named 'frobbed' [TP002]");
    CHECK(jinja("{{ 1 | frob }}") == "ERROR: t.sql:1:8: error: no filter named 'frob' [TP002]");
}
