#include "util/files.hpp"
#include "util/thread_pool.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>

using namespace dpipe::util;

namespace {
fs::path temp_dir() {
    std::string tmpl = (fs::temp_directory_path() / "dpipe-files-XXXXXX").string();
    char* p = mkdtemp(tmpl.data());
    REQUIRE(p != nullptr);
    return fs::path(p);
}
} // namespace

TEST_CASE("atomic write then read, with size limit") {
    auto dir = temp_dir();
    auto file = dir / "sub" / "x.txt";
    REQUIRE(write_file_atomic(file, "hello").ok());
    auto r = read_file(file, 100);
    REQUIRE(r.ok());
    CHECK(*r == "hello");
    auto big = read_file(file, 3);
    REQUIRE_FALSE(big.ok());
    CHECK(big.error().message.find("larger than the limit") != std::string::npos);
    CHECK_FALSE(read_file(dir / "missing", 10).ok());
    CHECK(read_file(dir, 10).error().message == "is a directory");
    fs::remove_all(dir);
}

TEST_CASE("list_files skips hidden and named directories") {
    auto dir = temp_dir();
    REQUIRE(write_file_atomic(dir / "models" / "b.sql", "").ok());
    REQUIRE(write_file_atomic(dir / "models" / "a.sql", "").ok());
    REQUIRE(write_file_atomic(dir / "models" / "a.yml", "").ok());
    REQUIRE(write_file_atomic(dir / ".git" / "c.sql", "").ok());
    REQUIRE(write_file_atomic(dir / "target" / "d.sql", "").ok());
    auto files = list_files(dir, {".sql"}, {"target"});
    REQUIRE(files.size() == 2);
    CHECK(files[0].generic_string() == "models/a.sql");
    CHECK(files[1].generic_string() == "models/b.sql");
    fs::remove_all(dir);
}

TEST_CASE("parallel_for visits every index once") {
    std::vector<std::atomic<int>> seen(1000);
    parallel_for(seen.size(), [&](std::size_t i) { seen[i].fetch_add(1); }, 4);
    for (auto& s : seen) {
        CHECK(s.load() == 1);
    }
}
