#include "load/document.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace dpipe;
using load::Limits;
using load::parse_yaml;

namespace {

load::Document ok(const std::string& text, const Limits& limits = {}) {
    auto r = parse_yaml(text, "f.yml", limits);
    if (!r) {
        FAIL("unexpected error: " << r.error().headline());
    }
    return std::move(r).value();
}

std::string err(const std::string& text, const Limits& limits = {}) {
    auto r = parse_yaml(text, "f.yml", limits);
    REQUIRE_FALSE(r.ok());
    return r.error().headline();
}

} // namespace

TEST_CASE("plain scalars follow the YAML 1.2 core schema", "[load][yaml]") {
    auto d = ok("n1: null\nn2: ~\nn3:\nn4: NULL\nb1: true\nb2: False\ni1: 42\ni2: -7\ni3: 0x1F\ni4: 0o17\n"
                "f1: 1.5\nf2: -2e3\nf3: .inf\nf4: .nan\ns1: yes\ns2: 1.2.3\ns3: 0b101\ns4: 012abc\n");
    const auto& r = d.root;
    CHECK(r["n1"].is_null());
    CHECK(r["n2"].is_null());
    CHECK(r["n3"].is_null());
    CHECK(r["n4"].is_null());
    CHECK(r["b1"] == true);
    CHECK(r["b2"] == false);
    CHECK(r["i1"] == 42);
    CHECK(r["i2"] == -7);
    CHECK(r["i3"] == 31);
    CHECK(r["i4"] == 15);
    CHECK(r["f1"].get<double>() == 1.5);
    CHECK(r["f2"].get<double>() == -2000.0);
    CHECK(std::isinf(r["f3"].get<double>()));
    CHECK(std::isnan(r["f4"].get<double>()));
    // YAML 1.1 booleans and other look-alikes stay strings.
    CHECK(r["s1"] == "yes");
    CHECK(r["s2"] == "1.2.3");
    CHECK(r["s3"] == "0b101");
    CHECK(r["s4"] == "012abc");
}

TEST_CASE("quoted and block scalars are strings, explicit tags are honoured", "[load][yaml]") {
    auto d = ok("a: \"42\"\nb: 'true'\nc: |\n  null\nd: !!str 7\ne: !!int \"8\"\nf: ''\n");
    CHECK(d.root["a"] == "42");
    CHECK(d.root["b"] == "true");
    CHECK(d.root["c"] == "null\n");
    CHECK(d.root["d"] == "7");
    CHECK(d.root["e"] == 8);
    CHECK(d.root["f"] == "");
}

TEST_CASE("values and keys carry 1-based locations", "[load][yaml]") {
    auto d = ok("version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n        tests: [unique]\n");
    CHECK(d.loc("/models/0/name").str() == "f.yml:3:11");
    CHECK(d.key_loc("/models/0/name").str() == "f.yml:3:5");
    CHECK(d.loc("/models/0/columns/0/name").str() == "f.yml:5:15");
    CHECK(d.loc("/models/0/columns/0/tests/0").str() == "f.yml:6:17");
    // Unknown pointers fall back to the nearest known ancestor, then the file start.
    CHECK(d.loc("/models/0/columns/0/missing/deeper").str() == "f.yml:5:9");
    CHECK(d.loc("/nope").str() == "f.yml:1:1");
    CHECK(d.key_loc("/version").str() == "f.yml:1:1");
}

TEST_CASE("keys with '/' and '~' are escaped in pointers", "[load][yaml]") {
    auto d = ok("\"a/b\": {\"c~d\": 1}\n");
    CHECK(d.root["a/b"]["c~d"] == 1);
    CHECK(d.loc("/a~1b/c~0d").str() == "f.yml:1:16");
}

TEST_CASE("duplicate keys are errors at the second key", "[load][yaml]") {
    CHECK(err("a: 1\nb:\n  x: 1\n  x: 2\n") == "f.yml:4:3: error: duplicate key 'x' (first at line 3) [LD005]");
    // Large mappings use an index for the check; it must agree.
    std::string big;
    for (int i = 0; i < 100; ++i) {
        big += "k" + std::to_string(i) + ": " + std::to_string(i) + "\n";
    }
    CHECK(ok(big).root.size() == 100);
    CHECK(err(big + "k50: 1\n") == "f.yml:101:1: error: duplicate key 'k50' (first at line 51) [LD005]");
}

TEST_CASE("merge keys copy keys the mapping does not set", "[load][yaml]") {
    auto d = ok("base: &b {materialized: view, tags: [a]}\nother: &o {schema: x, materialized: table}\n"
                "m:\n  <<: [*b, *o]\n  tags: [z]\n");
    const auto& m = d.root["m"];
    CHECK(m["tags"] == core::Json::array({"z"}));
    CHECK(m["materialized"] == "view"); // the first merged mapping wins
    CHECK(m["schema"] == "x");
    CHECK(d.key_loc("/m/schema").str() == "f.yml:4:3");
    CHECK(err("a: &a [1]\nb:\n  <<: *a\n") ==
          "f.yml:3:3: error: merge key '<<' needs a mapping or a list of mappings [LD001]");
}

TEST_CASE("aliases expand to copies of their anchors", "[load][yaml]") {
    auto d = ok("x: &v {a: 1}\ny: *v\nz: &s hello\nw: *s\n");
    CHECK(d.root["y"]["a"] == 1);
    CHECK(d.root["w"] == "hello");
    CHECK(d.loc("/y").str() == "f.yml:2:4");
    CHECK(d.loc("/y/a").str() == "f.yml:2:4");
}

TEST_CASE("limits: depth, alias budget, cycles, size", "[load][yaml]") {
    Limits limits;
    std::string deep = "a: " + std::string(64, '[') + std::string(64, ']') + "\n";
    CHECK(err(deep) == "f.yml:1:67: error: nesting deeper than 64 levels [LD002]");
    std::string fits = "a: " + std::string(63, '[') + std::string(63, ']') + "\n";
    CHECK(ok(fits).root.is_object());
    // Aliases cannot be used to exceed the depth either.
    std::string via_alias = "a: &a " + std::string(40, '[') + std::string(40, ']') + "\nb: " +
                            std::string(30, '[') + "*a" + std::string(30, ']') + "\n";
    CHECK(err(via_alias).find("[LD002]") != std::string::npos);

    std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 9; ++i) {
        bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
        for (int j = 0; j < 10; ++j) {
            bomb += (j ? ", *a" : "*a") + std::to_string(i - 1);
        }
        bomb += "]\n";
    }
    CHECK(err(bomb).find("[LD003]") != std::string::npos);
    limits.max_nodes = 50;
    CHECK(err("a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: [*a, *a, *a, *a]\n", limits) ==
          "f.yml:2:17: error: document expands to more than 50 nodes through aliases (alias bomb) [LD003]");

    CHECK(err("a: &a\n  b: *a\n") == "f.yml:2:6: error: alias '*a' refers to its own anchor (alias cycle) [LD004]");

    limits = Limits{};
    limits.max_file_bytes = 10;
    CHECK(err("a: 123456789\n", limits) == "f.yml:1:1: error: file is larger than the limit of 10 bytes [LD008]");
}

TEST_CASE("binary and non-UTF-8 input is refused before parsing", "[load][yaml]") {
    CHECK(err(std::string("a: 1\nb: x\0y\n", 11)) ==
          "f.yml:2:5: error: binary file: NUL byte where text was expected [LD007]");
    CHECK(err("a: 1\nb: caf\xE9\n") == "f.yml:2:7: error: invalid UTF-8 byte 0xE9 [LD006]");
}

TEST_CASE("syntax errors are located", "[load][yaml]") {
    CHECK(err("a:\n\tb: 1\n") == "f.yml:2:1: error: tab character in indentation (YAML allows only spaces) [LD001]");
    CHECK(err("a: [1, 2\n").find("f.yml:2:1: error: YAML syntax error:") == 0);
    CHECK(err("a: *nope\n").find("[LD001]") != std::string::npos);
    CHECK(err("[a]: 1\n") == "f.yml:1:1: error: mapping keys must be scalars [LD015]");
    CHECK(err("a: 1\n---\nb: 2\n") == "f.yml:2:1: error: only one YAML document per file is supported [LD015]");
}

TEST_CASE("empty documents parse to null", "[load][yaml]") {
    CHECK(ok("").root.is_null());
    CHECK(ok("# only a comment\n").root.is_null());
}
