#include "load/document.hpp"
#include "load/record.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

using namespace dpipe;

namespace {

load::Document parsed(const std::string& text) {
    auto r = load::parse_yaml(text, "models/_m.yml", {});
    REQUIRE(r.ok());
    return std::move(r).value();
}

std::string encoded(const load::Document& doc) {
    util::ByteWriter w;
    load::write_document(w, doc);
    return w.take();
}

bool same_locs(const load::Document& a, const load::Document& b) {
    if (a.locs.size() != b.locs.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.locs.size(); ++i) {
        const auto& x = a.locs[i];
        const auto& y = b.locs[i];
        if (x.value.line != y.value.line || x.value.col != y.value.col || x.key.line != y.key.line ||
            x.key.col != y.key.col || x.first_child != y.first_child) {
            return false;
        }
    }
    return true;
}

const char* k_text = "version: 2\n"
                     "base: &b {tags: [a, b], meta: {owner: x}}\n"
                     "models:\n"
                     "  - name: orders\n"
                     "    <<: *b\n"
                     "    description: >\n"
                     "      folded text\n"
                     "    columns:\n"
                     "      - name: id\n"
                     "        data_type: int\n"
                     "        tests: [unique, not_null]\n"
                     "      - name: amount\n"
                     "        data_type: numeric\n"
                     "        meta: {n: -3, u: 18446744073709551615, f: 1.5, t: true, z: null}\n";

} // namespace

TEST_CASE("a document survives its compact record: values, locations and aliases", "[load][record]") {
    load::Document doc = parsed(k_text);
    std::string bytes = encoded(doc);
    util::ByteReader r(bytes);
    load::Document back = load::read_document(r);
    REQUIRE_FALSE(r.failed());
    CHECK(r.at_end());
    CHECK(back.file == doc.file);
    CHECK(back.root == doc.root);
    CHECK(same_locs(back, doc));
    CHECK(back.loc("/models/0/columns/1/data_type").line == 13);
    CHECK(back.key_loc("/models/0/columns/1/data_type").col == 9);
}

TEST_CASE("a compact record writes repeated keys and strings once", "[load][record]") {
    std::string text = "models:\n  - name: m\n    columns:\n";
    for (int i = 0; i < 100; ++i) {
        text += "      - name: c" + std::to_string(i) + "\n        description: the same words on every column\n";
    }
    std::string bytes = encoded(parsed(text));
    CHECK(bytes.size() < text.size() / 2);
}

TEST_CASE("a truncated or damaged compact record decodes to failed", "[load][record]") {
    std::string bytes = encoded(parsed(k_text));
    for (std::size_t cut : {std::size_t{1}, bytes.size() / 3, bytes.size() / 2, bytes.size() - 1}) {
        util::ByteReader r(std::string_view(bytes).substr(0, cut));
        (void)load::read_document(r);
        CHECK(r.failed());
    }
    // A first_child pointing outside the table is refused (cursors follow it).
    load::Document doc = parsed("a: {b: 1}\n");
    doc.locs[0].first_child = 1000;
    std::string bad = encoded(doc);
    util::ByteReader r(bad);
    (void)load::read_document(r);
    CHECK(r.failed());
}

TEST_CASE("varints round-trip at their edges", "[load][record]") {
    util::ByteWriter w;
    const std::uint64_t us[] = {0, 127, 128, 16383, 16384, 0xFFFFFFFFull, ~0ull};
    const std::int64_t ss[] = {0, -1, 1, -64, 64, INT64_MIN, INT64_MAX};
    for (auto u : us) {
        w.uv(u);
    }
    for (auto s : ss) {
        w.sv(s);
    }
    std::string bytes = w.take();
    util::ByteReader r(bytes);
    for (auto u : us) {
        CHECK(r.uv() == u);
    }
    for (auto s : ss) {
        CHECK(r.sv() == s);
    }
    CHECK(r.at_end());
    CHECK_FALSE(r.failed());
    const std::string too_long(11, '\xff');
    util::ByteReader over(too_long);
    (void)over.uv();
    CHECK(over.failed());
}
