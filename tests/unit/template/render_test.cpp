#include "helpers.hpp"

#include <catch2/catch.hpp>

using dpipe::tmpl::testing::jinja;

TEST_CASE("literals and arithmetic follow Python") {
    CHECK(jinja("{{ 1 + 2 * 3 }} {{ 7 / 2 }} {{ 7 // 2 }} {{ -7 // 2 }} {{ -7 % 3 }} {{ 2 ** 10 }}") ==
          "7 3.5 3 -4 2 1024");
    CHECK(jinja("{{ 0.1 + 0.2 }} {{ 1e20 }} {{ 1.0 }} {{ 3.0 * 2 }} {{ 1e-5 }}") ==
          "0.30000000000000004 1e+20 1.0 6.0 1e-05");
    CHECK(jinja("{{ none }} {{ None }} {{ true }} {{ False }}") == "None None True False");
    CHECK(jinja("{{ [1, 'a', none] }} {{ (1,) }} {{ {'k': 'v'} }}") == "[1, 'a', None] (1,) {'k': 'v'}");
    CHECK(jinja("{{ 'a' ~ 1 ~ none ~ undefined_x }}") == "a1None");
    CHECK(jinja("{{ 'ab' * 3 }} {{ [0] * 2 }} {{ [1] + [2] }}") == "ababab [0, 0] [1, 2]");
}

TEST_CASE("comparisons, membership and logic") {
    CHECK(jinja("{{ 1 < 2 < 3 }} {{ 1 == 1.0 }} {{ 'a' in 'cat' }} {{ 2 not in [1, 3] }} {{ 'k' in {'k': 1} }}") ==
          "True True True True True");
    CHECK(jinja("{{ 0 or 'x' }} {{ 1 and 0 }} {{ not [] }} {{ none or [] }}") == "x 0 True []");
    CHECK(jinja("{{ 'y' if 1 > 2 else 'n' }}|{{ 'y' if false }}|") == "n||");
}

TEST_CASE("attribute, index and slices") {
    const char* ctx = R"({"d": {"a": {"b": [10, 20, 30]}}, "s": "hello"})";
    CHECK(jinja("{{ d.a.b[1] }} {{ d['a'].b[-1] }} {{ d.a.b.0 }} {{ d.a.b[1:] }} {{ s[::-1] }} {{ s[1:3] }}", ctx) ==
          "20 30 10 [20, 30] olleh el");
    CHECK(jinja("{{ d.missing }}|{{ d.a.b[9] }}|", ctx) == "||");
}

TEST_CASE("if / elif / else with Python truthiness") {
    const char* t = "{% for v in [0, 1, '', 'a', [], [0], none] %}{% if v %}T{% elif v is none %}N{% else %}F{% endif %}"
                    "{% endfor %}";
    CHECK(jinja(t) == "FTFTFTN");
}

TEST_CASE("for loops: loop variables, else, inline filter, unpacking") {
    CHECK(jinja("{% for x in ['a','b','c'] %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.first }}"
                "{{ loop.last }}{{ loop.length }};{% endfor %}") ==
          "103TrueFalse3;212FalseFalse3;321FalseTrue3;");
    CHECK(jinja("{% for x in [] %}x{% else %}empty{% endfor %}") == "empty");
    CHECK(jinja("{% for x in range(10) if x is even %}{{ x }}{% if not loop.last %},{% endif %}{% endfor %}") ==
          "0,2,4,6,8");
    CHECK(jinja("{% for k, v in {'a': 1, 'b': 2}.items() %}{{ k }}={{ v }} {% endfor %}") == "a=1 b=2 ");
    CHECK(jinja("{% for a, b in [(1, 2), (3, 4)] %}{{ a + b }}{% endfor %}") == "37");
    CHECK(jinja("{% for x in [1,2] %}{% for y in 'ab' %}{{ loop.index }}{{ y }}{% endfor %}{{ loop.index }}"
                "{% endfor %}") == "1a2b11a2b2");
}

TEST_CASE("loop scoping: set inside a loop does not leak but namespace does") {
    CHECK(jinja("{% set x = 1 %}{% for i in [1,2] %}{% set x = x + i %}{{ x }}{% endfor %}{{ x }}") == "231");
    CHECK(jinja("{% set ns = namespace(n=0) %}{% for i in [1,2,3] %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }}") ==
          "6");
}

TEST_CASE("set, block set with filter, with, do") {
    CHECK(jinja("{% set a, b = 1, 2 %}{{ a }}{{ b }}") == "12");
    CHECK(jinja("{% set body %}  Hi {{ 'x' }} {% endset %}[{{ body }}]") == "[  Hi x ]");
    CHECK(jinja("{% set body | trim | upper %}  hi  {% endset %}[{{ body }}]") == "[HI]");
    CHECK(jinja("{% with a = 2 %}{{ a }}{% endwith %}[{{ a }}]") == "2[]");
    CHECK(jinja("{% set l = [] %}{% do l.append(1) %}{% do l.extend([2, 3]) %}{{ l }}") == "[1, 2, 3]");
    CHECK(jinja("{% filter upper %}abc{% endfilter %}") == "ABC");
}

TEST_CASE("whitespace control matches jinja2 defaults") {
    CHECK(jinja("a  {%- if true %} b {% endif -%}  c") == "a b c");
    CHECK(jinja("x\n{% if true %}\ny\n{% endif %}\nz") == "x\n\ny\n\nz");
    CHECK(jinja("x\n{%- if true -%}\ny\n{%- endif -%}\nz") == "xyz");
    CHECK(jinja("a {{- 1 -}} b") == "a1b");
    CHECK(jinja("a {#- c -#} b") == "ab");
    CHECK(jinja("{%- raw -%}  {{ x }}  {%- endraw %}") == "{{ x }}");
    CHECK(jinja("    {% if true %}x{% endif %}\n") == "    x");
}

TEST_CASE("macros: defaults, keyword args, varargs, kwargs") {
    CHECK(jinja("{% macro f(a, b=2) %}{{ a }}-{{ b }}{% endmacro %}{{ f(1) }} {{ f(1, 3) }} {{ f(b=5, a=4) }}") ==
          "1-2 1-3 4-5");
    CHECK(jinja("{% macro f() %}{{ varargs }}{{ kwargs }}{% endmacro %}{{ f(1, 2, k=3) }}") == "(1, 2){'k': 3}");
    CHECK(jinja("{% macro f(a) %}[{{ a }}]{% endmacro %}{{ f() }}") == "[]");
    CHECK(jinja("{% macro f(a) %}{% endmacro %}{{ f(1, 2) }}") ==
          "ERROR: t.sql:1:34: error: macro 'f' takes not more than 1 argument(s) [TP002]");
}

TEST_CASE("macros with caller and call blocks") {
    CHECK(jinja("{% macro wrap(tag) %}<{{ tag }}>{{ caller() }}</{{ tag }}>{% endmacro %}"
                "{% call wrap('b') %}bold{% endcall %}") == "<b>bold</b>");
    CHECK(jinja("{% macro each(xs) %}{% for x in xs %}{{ caller(x) }}{% endfor %}{% endmacro %}"
                "{% set sep = '|' %}{% call(item) each([1, 2]) %}{{ item }}{{ sep }}{% endcall %}") == "1|2|");
}

TEST_CASE("string, list and dict methods") {
    CHECK(jinja("{{ ' a,b '.strip().split(',') }} {{ 'x_y'.replace('_', '-').upper() }} {{ 'ab'.startswith('a') }}") ==
          "['a', 'b'] X-Y True");
    CHECK(jinja("{{ '{} and {name}'.format(1, name='n') }} {{ ', '.join(['a', 'b']) }} {{ 'a b  c'.split() }}") ==
          "1 and n a, b ['a', 'b', 'c']");
    CHECK(jinja("{% set d = {'a': 1} %}{% do d.update({'b': 2}) %}{{ d.keys() | list }} {{ d.get('z', 0) }} "
                "{{ d.pop('a') }} {{ d }}") == "['a', 'b'] 0 1 {'b': 2}");
    CHECK(jinja("{% set l = [3, 1] %}{{ l.index(1) }} {{ l.count(3) }} {{ l.pop() }} {{ l }}") == "1 1 1 [3]");
}

TEST_CASE("undefined values render empty and calling them is a located error") {
    CHECK(jinja("[{{ nothing }}]") == "[]");
    CHECK(jinja("{% if nothing is defined %}d{% else %}u{% endif %}") == "u");
    CHECK(jinja("select\n  {{ nothing() }}") == "ERROR: t.sql:2:6: error: 'nothing' is undefined [TP002]");
    CHECK(jinja("{{ nothing.attr }}") == "ERROR: t.sql:1:4: error: 'nothing' is undefined [TP002]");
    CHECK(jinja("{{ 1 + 'a' }}") == "ERROR: t.sql:1:6: error: unsupported operand type(s) for +: 'int' and 'str' [TP002]");
}
