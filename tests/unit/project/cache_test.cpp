#include "project/cache.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <thread>

namespace fs = std::filesystem;
using namespace dpipe;

namespace {

fs::path temp_dir() {
    std::string tmpl = (fs::temp_directory_path() / "dpipe-cache-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    return tmpl;
}

std::shared_ptr<project::RenderEntry> sample(int i) {
    auto e = std::make_shared<project::RenderEntry>();
    e->rendered.done = true;
    e->rendered.sql = "select " + std::to_string(i) + " as n from \"a\".\"b\"";
    e->rendered.refs.push_back({"", "b", "", {"models/m.sql", 2, 8}});
    e->rendered.sources.push_back({"raw", "orders", {"models/m.sql", 3, 1}});
    e->rendered.config = core::Json{{"materialized", "table"}, {"tags", {"x"}}};
    e->rendered.content_hash = "h" + std::to_string(i);
    e->diagnostics.push_back({core::Severity::Info, "TP100", {"models/m.sql", 1, 1}, "info", {"a note"}});
    e->relations = {{"ref:b", "\"a\".\"b\""}};
    e->env = {{"HOME", "abc"}};
    e->parsed = true;
    e->parse_diagnostics.push_back({core::Severity::Warning, "SQ001", {"models/m.sql", 1, 9}, "cannot parse", {}});
    return e;
}

std::string key(int i) { return std::string(63, 'a') + static_cast<char>('0' + i); }

} // namespace

TEST_CASE("an entry survives encoding") {
    auto e = sample(1);
    auto back = project::decode_entry(project::encode_entry(*e));
    REQUIRE(back != nullptr);
    CHECK(back->rendered.sql == e->rendered.sql);
    CHECK(back->rendered.refs[0].loc == e->rendered.refs[0].loc);
    CHECK(back->rendered.sources[0].table_name == "orders");
    CHECK(back->rendered.config == e->rendered.config);
    CHECK(back->diagnostics[0].notes == std::vector<std::string>{"a note"});
    CHECK(back->relations == e->relations);
    CHECK(back->env == e->env);
    CHECK(back->parse_diagnostics[0].code == "SQ001");
}

TEST_CASE("malformed entry bytes decode to nothing") {
    std::string bytes = project::encode_entry(*sample(1));
    for (std::size_t cut = 0; cut < bytes.size(); cut += 7) {
        CHECK(project::decode_entry(std::string_view(bytes).substr(0, cut)) == nullptr);
    }
    std::string huge = bytes;
    huge[3] = '\xff'; // an impossible length
    huge[4] = '\xff';
    huge[5] = '\x7f';
    CHECK(project::decode_entry(huge) == nullptr);
}

TEST_CASE("the pack is saved and read back") {
    auto dir = temp_dir();
    {
        project::Cache c(dir.string());
        c.open();
        c.store(key(1), sample(1));
        c.store(key(2), sample(2));
        REQUIRE(c.save());
    }
    project::Cache c(dir.string());
    c.open();
    CHECK(c.stats().loaded == 2);
    CHECK(c.stats().corrupt == 0);
    auto e = c.find(key(2));
    REQUIRE(e != nullptr);
    CHECK(e->rendered.sql == sample(2)->rendered.sql);
    fs::remove_all(dir);
}

TEST_CASE("a corrupted or truncated pack is ignored and rewritten") {
    auto dir = temp_dir();
    fs::path pack = dir / "cache.pack";
    {
        project::Cache c(dir.string());
        for (int i = 0; i < 5; ++i) {
            c.store(key(i), sample(i));
        }
        REQUIRE(c.save());
    }
    auto size = fs::file_size(pack);
    SECTION("bytes flipped inside an entry") {
        std::fstream f(pack, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(size - 40));
        f.write("XXXXXXXX", 8);
    }
    SECTION("truncated") {
        fs::resize_file(pack, size / 2);
    }
    SECTION("foreign") {
        std::ofstream(pack, std::ios::binary | std::ios::trunc) << "not a cache at all";
    }
    project::Cache c(dir.string());
    c.open();
    // The run goes on and stores what it renders; the pack is written whole again. Entries are
    // checked when first used, so a damaged one is found by find().
    int found = 0;
    for (int i = 0; i < 5; ++i) {
        if (auto e = c.find(key(i))) {
            CHECK(e->rendered.sql == sample(i)->rendered.sql);
            ++found;
        } else {
            c.store(key(i), sample(i));
        }
    }
    CHECK(found < 5);
    CHECK(c.stats().corrupt > 0);
    REQUIRE(c.save());
    project::Cache again(dir.string());
    again.open();
    CHECK(again.stats().loaded == 5);
    CHECK(again.stats().corrupt == 0);
    fs::remove_all(dir);
}

TEST_CASE("two writers sharing a cache both succeed and leave a whole pack") {
    auto dir = temp_dir();
    auto writer = [&](int base) {
        for (int round = 0; round < 20; ++round) {
            project::Cache c(dir.string());
            c.open();
            c.store(key(base), sample(base));
            CHECK(c.save());
        }
    };
    std::thread a(writer, 1);
    std::thread b(writer, 2);
    a.join();
    b.join();
    project::Cache c(dir.string());
    c.open();
    CHECK(c.stats().corrupt == 0);
    CHECK(c.stats().loaded >= 1);
    fs::remove_all(dir);
}

TEST_CASE("the pack stays under its size bound, dropping the least recently used") {
    auto dir = temp_dir();
    std::size_t one = project::encode_entry(*sample(0)).size() + 64 + 45;
    project::Cache c(dir.string(), one * 3);
    for (int i = 0; i < 8; ++i) {
        c.store(key(i), sample(i));
    }
    REQUIRE(c.save());
    CHECK(fs::file_size(dir / "cache.pack") < one * 4);
    project::Cache again(dir.string());
    again.open();
    CHECK(again.stats().loaded == 3);
    fs::remove_all(dir);
}

TEST_CASE("a source map survives encoding, and a damaged one is refused") {
    auto e = sample(3);
    e->rendered.source_map.reset("models/m.sql", "select {{ x }}\nfrom t\n");
    e->rendered.source_map.add_literal(7, 0);
    e->rendered.source_map.add_generated(3, 7);
    e->rendered.source_map.add_literal(8, 14);
    auto back = project::decode_entry(project::encode_entry(*e));
    REQUIRE(back != nullptr);
    const auto& map = back->rendered.source_map;
    CHECK(map.segment_count() == 3);
    CHECK(map.locate(8).str() == "models/m.sql:1:8");
    CHECK(map.locate(12).str() == "models/m.sql:2:2");

    core::SourceMap bad;
    CHECK_FALSE(bad.assign("f", 10, {0, 20}, {{0, 0, true}}, 5));
    CHECK_FALSE(bad.assign("f", 10, {0}, {{0, 0, true}, {0, 3, true}}, 5));
    CHECK(bad.empty());
}

TEST_CASE("an entry that read a secret is never written to disk") {
    auto dir = temp_dir();
    {
        project::Cache c(dir.string());
        auto secret = sample(1);
        secret->holds_secret = true;
        c.store(key(1), secret);
        c.store(key(2), sample(2));
        REQUIRE(c.save());
    }
    project::Cache c(dir.string());
    c.open();
    CHECK(c.stats().loaded == 1);
    CHECK(c.find(key(1)) == nullptr);
    CHECK(c.find(key(2)) != nullptr);
    fs::remove_all(dir);
}

TEST_CASE("load records share the pack with render entries and are checked before use") {
    auto dir = temp_dir();
    std::string big(5000, 'r');
    {
        project::Cache c(dir.string());
        c.open();
        c.store(key(1), sample(1));
        c.store_record(key(2), "record two");
        c.store_record(key(3), big);
        REQUIRE(c.save());
    }
    {
        project::Cache c(dir.string());
        c.open();
        CHECK(c.stats().loaded == 3);
        CHECK(c.find_record(key(2)) == std::optional<std::string>("record two"));
        CHECK(c.find_record(key(3)) == std::optional<std::string>(big));
        CHECK_FALSE(c.find_record(key(1))); // a render entry is no record
        CHECK(c.find(key(2)) == nullptr);   // and a record no render entry
        CHECK_FALSE(c.find_record(key(4)));
        CHECK(c.stats().record_hits == 2);
        CHECK(c.stats().record_misses == 2);
        CHECK(c.save()); // nothing changed: the pack is left as it is
    }
    // Damage the large record's bytes: it is refused, and storing it again repairs the pack.
    fs::path pack = dir / "cache.pack";
    {
        std::string bytes;
        {
            std::ifstream f(pack, std::ios::binary);
            bytes.assign(std::istreambuf_iterator<char>(f), {});
        }
        auto at = bytes.find(big);
        REQUIRE(at != std::string::npos);
        std::fstream f(pack, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(at + 100));
        f.write("XXXX", 4);
    }
    {
        project::Cache c(dir.string());
        c.open();
        CHECK(c.find_record(key(2)) == std::optional<std::string>("record two"));
        CHECK(c.find(key(1)) != nullptr);
        CHECK_FALSE(c.find_record(key(3)));
        CHECK(c.stats().corrupt == 1);
        c.store_record(key(3), big);
        REQUIRE(c.save());
    }
    project::Cache c(dir.string());
    c.open();
    CHECK(c.find_record(key(3)) == std::optional<std::string>(big));
    CHECK(c.stats().corrupt == 0);
    fs::remove_all(dir);
}

TEST_CASE("a damaged index makes the whole pack ignored, never trusted") {
    auto dir = temp_dir();
    {
        project::Cache c(dir.string());
        c.store_record(key(1), "one");
        REQUIRE(c.save());
    }
    fs::path pack = dir / "cache.pack";
    std::string bytes;
    {
        std::ifstream f(pack, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(f), {});
    }
    auto at = bytes.find(key(1));
    REQUIRE(at != std::string::npos);
    bytes[at] = 'b'; // another key, checksum unchanged
    std::ofstream(pack, std::ios::binary | std::ios::trunc) << bytes;
    project::Cache c(dir.string());
    c.open();
    CHECK(c.stats().loaded == 0);
    CHECK(c.stats().corrupt == 1);
    CHECK_FALSE(c.find_record(key(1)));
    fs::remove_all(dir);
}
