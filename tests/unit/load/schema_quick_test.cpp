// The quick schema check passes only what valijson passes, and passes the files dbt projects
// hold, so that valijson runs only where there may be something to report.

#include "load/document.hpp"
#include "load/schema.hpp"
#include "load/schema_quick.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace dpipe;
using load::SchemaId;

namespace {

core::Json schema_of(const std::string& text) { return core::Json::parse(text); }

bool quick(const core::Json& schema, const std::string& value) {
    return load::QuickSchema(schema).certainly_valid(core::Json::parse(value));
}

load::Document yaml(const std::string& text) {
    auto r = load::parse_yaml(text, "f.yml", {});
    REQUIRE(r.ok());
    return std::move(r).value();
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TEST_CASE("quick check: each keyword it knows", "[load][schema]") {
    auto s = schema_of(R"({
      "type": "object", "required": ["name"], "minProperties": 1,
      "properties": {
        "name": {"type": "string", "minLength": 2},
        "kind": {"enum": ["a", "b"]},
        "n": {"type": ["integer", "null"]},
        "x": {"type": "number"},
        "list": {"type": "array", "items": {"$ref": "#/definitions/item"}},
        "strict": {"type": "object", "additionalProperties": false, "properties": {"k": {"type": "boolean"}}},
        "typed": {"type": "object", "additionalProperties": {"type": "string"}},
        "both": {"allOf": [{"type": "string"}, {"minLength": 3}]}
      },
      "definitions": {"item": {"type": "object", "properties": {"sub": {"$ref": "#/definitions/item"}}}}
    })");
    CHECK(quick(s, R"({"name": "ab"})"));
    CHECK(quick(s, R"({"name": "é!", "other": [1, {"z": null}]})")); // two code points; unknown keys allowed
    CHECK_FALSE(quick(s, R"({"name": "é"})"));                      // one code point, two bytes
    CHECK_FALSE(quick(s, R"({})"));
    CHECK_FALSE(quick(s, R"({"kind": "a"})")); // name is required
    CHECK(quick(s, R"({"name": "ab", "kind": "b", "n": null, "x": 1})"));
    CHECK_FALSE(quick(s, R"({"name": "ab", "kind": "c"})"));
    CHECK_FALSE(quick(s, R"({"name": "ab", "n": 1.0})")); // a float is never an integer
    CHECK(quick(s, R"({"name": "ab", "n": 3, "x": 2.5})"));
    CHECK(quick(s, R"({"name": "ab", "list": [{"sub": {"sub": {}}}]})"));
    CHECK_FALSE(quick(s, R"({"name": "ab", "list": [{"sub": {"sub": 1}}]})"));
    CHECK(quick(s, R"({"name": "ab", "strict": {"k": true}})"));
    CHECK_FALSE(quick(s, R"({"name": "ab", "strict": {"k": true, "extra": 1}})"));
    CHECK(quick(s, R"({"name": "ab", "typed": {"a": "x"}})"));
    CHECK_FALSE(quick(s, R"({"name": "ab", "typed": {"a": 1}})"));
    CHECK(quick(s, R"({"name": "ab", "both": "abc"})"));
    CHECK_FALSE(quick(s, R"({"name": "ab", "both": "ab"})"));
    CHECK_FALSE(quick(s, R"("not an object")"));
}

TEST_CASE("quick check: what it does not know is never certain", "[load][schema]") {
    CHECK_FALSE(quick(schema_of(R"({"minimum": 1})"), "5"));
    CHECK_FALSE(quick(schema_of(R"({"oneOf": [{"type": "string"}]})"), R"("a")"));
    CHECK_FALSE(quick(schema_of(R"({"properties": {"a": {"pattern": "x"}}})"), R"({"a": "x"})"));
    CHECK(quick(schema_of(R"({"properties": {"a": {"pattern": "x"}}})"), R"({"b": "x"})")); // not visited
    CHECK_FALSE(quick(schema_of(R"({"$ref": "#/definitions/none"})"), "1"));
    CHECK_FALSE(quick(schema_of(R"({"$ref": "other.json#/a"})"), "1"));
    CHECK_FALSE(quick(schema_of(R"({"$ref": "#/definitions/a", "type": "string", "definitions": {"a": {}}})"), R"("s")"));
    CHECK_FALSE(quick(schema_of("false"), "1"));
    CHECK(quick(schema_of("true"), "1"));
}

TEST_CASE("quick check agrees with valijson on every YAML file of the repository", "[load][schema]") {
    // Whatever the quick check passes, valijson passes; and dbt's property files of the examples
    // pass it, so valijson is not run on them.
    namespace fs = std::filesystem;
    const fs::path root(DPIPE_SOURCE_DIR);
    std::size_t files = 0, quick_passed = 0;
    for (const char* dir : {"examples", "tests", "templates"}) {
        if (!fs::exists(root / dir)) {
            continue;
        }
        for (const auto& e : fs::recursive_directory_iterator(root / dir)) {
            const auto ext = e.path().extension();
            if (!e.is_regular_file() || (ext != ".yml" && ext != ".yaml")) {
                continue;
            }
            load::ParseOptions options;
            options.tolerate_duplicate_keys = true;
            auto doc = load::parse_yaml(read_file(e.path()), e.path().string(), {}, options);
            if (!doc.ok()) {
                continue;
            }
            ++files;
            for (SchemaId id : {SchemaId::Properties, SchemaId::Pipeline, SchemaId::DpipeYaml}) {
                if (load::quick_check_passes(*doc, id)) {
                    INFO(e.path().string());
                    CHECK(load::valijson_passes(*doc, id));
                    quick_passed += id == SchemaId::Properties ? 1 : 0;
                }
            }
        }
    }
    CHECK(files > 100);
    CHECK(quick_passed > files / 2);
}

TEST_CASE("quick check agrees with valijson on property files with one value changed", "[load][schema]") {
    const std::string base = R"yaml(version: 2
models:
  - name: orders
    description: "d"
    config: {materialized: table, tags: [a]}
    columns:
      - name: id
        data_type: integer
        tests: [unique, {relationships: {to: "ref('x')", field: id}}]
      - name: status
        meta: {pii: true}
sources:
  - name: raw
    tables:
      - name: orders
        columns: [{name: id}]
seeds:
  - name: s
    config: {column_types: {a: text}}
)yaml";
    auto doc = yaml(base);
    REQUIRE(load::quick_check_passes(doc, SchemaId::Properties));
    // Replace every value in turn by values of other types; the quick check may pass a changed
    // document only when valijson does.
    std::vector<core::Json::json_pointer> pointers;
    const core::Json flat = doc.root.flatten();
    for (const auto& [pointer, value] : flat.items()) {
        core::Json::json_pointer p(pointer);
        for (; !p.empty(); p = p.parent_pointer()) {
            pointers.push_back(p);
        }
    }
    const core::Json replacements[] = {nullptr, true, 7, -1, 2.5, "", "x", core::Json::array(),
                                       core::Json::object(), core::Json::array({1}),
                                       core::Json::object({{"name", 1}})};
    std::size_t variants = 0;
    for (const auto& p : pointers) {
        for (const auto& r : replacements) {
            load::Document changed = doc;
            changed.root[p] = r;
            ++variants;
            if (load::quick_check_passes(changed, SchemaId::Properties)) {
                INFO(p.to_string() << " = " << r.dump());
                CHECK(load::valijson_passes(changed, SchemaId::Properties));
            }
        }
    }
    CHECK(variants > 200);
}
