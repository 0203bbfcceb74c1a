#include "util/files.hpp"
#include "util/thread_pool.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

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

namespace {
std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) {
        out.push_back(e.path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}
} // namespace

TEST_CASE("writing through a symlink replaces its target and keeps the link") {
    auto dir = temp_dir();
    fs::create_directories(dir / "real");
    REQUIRE(write_file_atomic(dir / "real" / "report.txt", "old").ok());
    fs::permissions(dir / "real" / "report.txt", fs::perms(0640));
    fs::create_symlink("real/report.txt", dir / "link.txt");
    fs::create_symlink("link.txt", dir / "link2.txt"); // a chain of links
    REQUIRE(write_file_atomic(dir / "link2.txt", "new").ok());
    CHECK(fs::is_symlink(dir / "link.txt"));
    CHECK(fs::is_symlink(dir / "link2.txt"));
    CHECK(*read_file(dir / "real" / "report.txt", 100) == "new");
    CHECK((fs::status(dir / "real" / "report.txt").permissions() & fs::perms::all) ==
          fs::perms(0640));
    // No temp file is left beside the target or the link.
    CHECK(names_in(dir / "real") == std::vector<std::string>{"report.txt"});
    CHECK(names_in(dir) == std::vector<std::string>{"link.txt", "link2.txt", "real"});
    // A dangling link creates its target.
    fs::create_symlink("real/new.txt", dir / "dangling.txt");
    REQUIRE(write_file_atomic(dir / "dangling.txt", "x").ok());
    CHECK(fs::is_symlink(dir / "dangling.txt"));
    CHECK(*read_file(dir / "real" / "new.txt", 100) == "x");
    fs::remove_all(dir);
}

TEST_CASE("FIFOs and character devices are written directly, not replaced") {
    auto dir = temp_dir();
    auto fifo = dir / "pipe";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    std::string got;
    std::thread reader([&] {
        auto r = read_file(fifo, 1000);
        got = r.ok() ? *r : "read failed";
    });
    REQUIRE(write_file_atomic(fifo, "through the pipe").ok());
    reader.join();
    CHECK(got == "through the pipe");
    struct stat st {};
    REQUIRE(::stat(fifo.c_str(), &st) == 0);
    CHECK(S_ISFIFO(st.st_mode));
    CHECK(names_in(dir) == std::vector<std::string>{"pipe"});

    REQUIRE(write_file_atomic("/dev/null", "discarded").ok());
    REQUIRE(::stat("/dev/null", &st) == 0);
    CHECK(S_ISCHR(st.st_mode));
    fs::remove_all(dir);
}

TEST_CASE("a failed write leaves nothing half-written") {
    auto dir = temp_dir();
    REQUIRE(write_file_atomic(dir / "keep.txt", "original").ok());
    // A full device: the error names the path and the reason.
    auto full = write_file_atomic("/dev/full", "data");
    REQUIRE_FALSE(full.ok());
    CHECK(full.error().message == "cannot write /dev/full: No space left on device");
    // A directory cannot be replaced.
    fs::create_directories(dir / "sub");
    auto d = write_file_atomic(dir / "sub", "x");
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().message.find("is a directory") != std::string::npos);
    if (::geteuid() != 0) {
        // Permissions do not stop root, so only non-root runs see the failed create.
        fs::permissions(dir, fs::perms(0500));
        CHECK_FALSE(write_file_atomic(dir / "keep.txt", "changed").ok());
        fs::permissions(dir, fs::perms(0700));
    }
    CHECK(*read_file(dir / "keep.txt", 100) == "original");
    CHECK(names_in(dir) == std::vector<std::string>{"keep.txt", "sub"});
    fs::remove_all(dir);
}
