#include "helpers.hpp"

#include "template/parser.hpp"

#include <catch2/catch.hpp>

using namespace dpipe;
using namespace dpipe::tmpl;

namespace {

std::string render_error(const std::string& text, RenderLimits limits = {}) {
    RenderRequest req;
    req.text = text;
    req.file = "models/l.sql";
    req.plain_jinja = true;
    req.limits = limits;
    auto r = render(req);
    return r ? std::string("ok") : r.error().headline();
}

} // namespace

TEST_CASE("macro recursion depth is limited") {
    std::string e = render_error("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}\n{{ f(0) }}");
    CHECK(e == "models/l.sql:1:20: error: maximum macro call depth exceeded (limit 200) in macro 'f' [TP003]");
}

TEST_CASE("loop iterations are limited per render") {
    RenderLimits l;
    l.max_loop_iterations = 1000;
    CHECK(render_error("{% for i in range(999) %}{% endfor %}", l) == "ok");
    CHECK(render_error("{% for i in range(600) %}{% endfor %}{% for i in range(600) %}{% endfor %}", l) ==
          "models/l.sql:1:50: error: loop iteration limit exceeded (limit 1000 iterations per render) [TP003]");
    CHECK(render_error("{{ range(100000000) | length }}") ==
          "models/l.sql:1:4: error: range() too large (limit 1000000 items) [TP003]");
}

TEST_CASE("output size is limited") {
    RenderLimits l;
    l.max_output = 1000;
    CHECK(render_error("{{ 'x' * 999 }}", l) == "ok");
    CHECK(render_error("{{ 'x' * 1001 }}", l) ==
          "models/l.sql:1:8: error: output size limit exceeded (limit 1000 bytes) [TP003]");
    CHECK(render_error("{% for i in range(20) %}{{ 'y' * 60 }}{% endfor %}", l) ==
          "models/l.sql:1:25: error: output size limit exceeded (limit 1000 bytes) [TP003]");
}

TEST_CASE("total text produced is limited") {
    RenderLimits l;
    l.max_work = 10000;
    CHECK(render_error("{% for i in range(100) %}{% set s = 'x' * 200 %}{% endfor %}", l) ==
          "models/l.sql:1:41: error: template produced too much text (limit 10000 bytes) [TP003]");
}

TEST_CASE("parser nesting depth is limited") {
    std::string deep = "{{ " + std::string(300, '(') + "1" + std::string(300, ')') + " }}";
    auto r = parse_template(deep, "models/l.sql");
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "template syntax error: template nesting too deep (limit 256)");
    std::string blocks;
    for (int i = 0; i < 300; ++i) {
        blocks += "{% if true %}";
    }
    auto b = parse_template(blocks, "models/l.sql");
    REQUIRE_FALSE(b);
    CHECK(b.error().message == "template syntax error: template nesting too deep (limit 256)");
}

TEST_CASE("evaluation depth is limited") {
    RenderLimits l;
    l.max_eval_depth = 40;
    CHECK(render_error("{% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(5) }}", l) == "ok");
    CHECK(render_error("{% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(50) }}", l) ==
          "models/l.sql:1:17: error: template evaluation nested too deeply (limit 40) [TP003]");
}

TEST_CASE("self-referencing lists do not hang or crash") {
    // Cycles are allowed like in Python and broken when the render ends (the fuzz target
    // runs under LeakSanitizer).
    CHECK(render_error("{% set a = [] %}{% do a.append(a) %}{{ a }}{{ a == a }}") == "ok");
    CHECK(render_error("{% set a = [] %}{% set b = [a] %}{% do a.extend([b]) %}{{ a | length }}") == "ok");
    CHECK(render_error("{% set d = {} %}{% do d.update(k=[d]) %}{{ d | tojson }}") ==
          "models/l.sql:1:48: error: value nested too deeply for JSON (limit 200) [TP003]");
    CHECK(render_error("{% set ns = namespace() %}{% set ns.me = [ns] %}{{ ns.me[0].me | length }}") == "ok");
    CHECK(render_error("{% set l = [] %}{% for x in [l] %}{% do l.append(loop) %}{% endfor %}") == "ok");
    CHECK(render_error("{% set f = [].append %}{% set m = modules %}{% set c = cycler(1).next %}{{ c() }}") == "ok");
}

TEST_CASE("deeply nested values are destroyed without deep recursion") {
    CHECK(render_error("{% set ns = namespace(l=[], n=namespace()) %}{% for i in range(300000) %}"
                       "{% set ns.l = [ns.l, {'k': ns.l}] %}{% set ns.n = namespace(prev=ns.n) %}{% endfor %}"
                       "{{ ns.l | length }}") == "ok");
}

TEST_CASE("integer overflow is an error, not undefined behaviour") {
    CHECK(render_error("{{ 9223372036854775807 + 1 }}") == "models/l.sql:1:24: error: integer overflow [TP002]");
    CHECK(render_error("{{ 2 ** 64 }}") == "models/l.sql:1:6: error: integer overflow [TP002]");
    CHECK(render_error("{{ 1 // 0 }}") == "models/l.sql:1:6: error: integer division or modulo by zero [TP002]");
}

TEST_CASE("a very long expression chain is an error, not a stack overflow") {
    std::string chain = "{{ 1";
    for (int i = 0; i < 100000; ++i) {
        chain += " + 1";
    }
    chain += " }}";
    // Parsing builds the chain in a loop; evaluating it hits the evaluation depth limit;
    // freeing the tree must not recurse once per term.
    auto parsed = parse_template(chain, "models/l.sql");
    REQUIRE(parsed);
    CHECK(render_error(chain) == "models/l.sql:1:1: error: template evaluation nested too deeply (limit 1500) [TP003]");
    std::string filters = "{{ 'a'" ;
    for (int i = 0; i < 100000; ++i) {
        filters += " | upper";
    }
    filters += " }}";
    CHECK(render_error(filters).find("[TP003]") != std::string::npos);
}

TEST_CASE("macro calls per render are limited") {
    std::string fib = "{% macro fib(n) %}{% if n < 2 %}{{ n }}{% else %}{{ fib(n - 1) | int + fib(n - 2) | int }}"
                      "{% endif %}{% endmacro %}{{ fib(40) }}";
    RenderLimits l;
    l.max_macro_calls = 1000;
    CHECK(render_error(fib, l) ==
          "models/l.sql:1:72: error: macro call limit exceeded (limit 1000 calls per render) in macro 'fib' [TP003]");
    CHECK(render_error("{% macro f() %}x{% endmacro %}{% for i in range(999) %}{{ f() }}{% endfor %}", l) == "ok");
    // The default budget ends fib(40) (about 330 million calls) too.
    CHECK(render_error(fib).find("macro call limit exceeded (limit 100000 calls per render)") != std::string::npos);
}

TEST_CASE("string repetition is refused before the string is built") {
    RenderLimits l;
    l.max_output = 1000;
    CHECK(render_error("{{ ('x' * 1001) | length }}", l) ==
          "models/l.sql:1:9: error: output size limit exceeded (limit 1000 bytes) [TP003]");
    // 60 MB is under the default 64 MB string limit: it is built once, and its length is
    // counted without making a value per character.
    CHECK(render_error("{{ ('x' * 60000000) | length }}") == "ok");
}

TEST_CASE("turning a string into a list respects the item limit") {
    RenderLimits l;
    l.max_loop_iterations = 100;
    CHECK(render_error("{{ ('x' * 100) | list | length }}", l) == "ok");
    CHECK(render_error("{{ ('x' * 101) | list | length }}", l) ==
          "models/l.sql:1:18: error: list too large (limit 100 items) [TP003]");
    CHECK(render_error("{{ list('é' * 101) | length }}", l) ==
          "models/l.sql:1:4: error: list too large (limit 100 items) [TP003]");
}

TEST_CASE("the rendered output of a file is limited") {
    RenderLimits l;
    l.max_render_output = 100;
    CHECK(render_error("{% for i in range(10) %}0123456789{% endfor %}", l) == "ok");
    CHECK(render_error("{% for i in range(10) %}0123456789{% endfor %}!", l) ==
          "models/l.sql:1:47: error: rendered output too large (limit 100 bytes) [TP003]");
    // Text built inside a macro counts once it reaches the output.
    CHECK(render_error("{% macro m() %}{{ 'x' * 101 }}{% endmacro %}{{ m() }}", l) ==
          "models/l.sql:1:45: error: rendered output too large (limit 100 bytes) [TP003]");
}

TEST_CASE("elif ladders are bounded") {
    auto ladder = [](int n) {
        std::string t = "{% if x == 0 %}0";
        for (int i = 1; i < n; ++i) {
            t += "{% elif x == " + std::to_string(i) + " %}" + std::to_string(i);
        }
        return t + "{% endif %}";
    };
    auto ok = parse_template(ladder(1000), "models/l.sql");
    CHECK(ok);
    auto r = parse_template(ladder(100000), "models/l.sql");
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "template syntax error: too many 'elif' branches (limit 1024)");
}
