#include "util/file_source.hpp"
#include "util/files.hpp"
#include "util/id_memo.hpp"
#include "util/mapped_file.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <sys/stat.h>
#include <sys/time.h>

using namespace dpipe::util;

namespace {

fs::path temp_dir() {
    std::string tmpl = (fs::temp_directory_path() / "dpipe-ids-XXXXXX").string();
    char* p = mkdtemp(tmpl.data());
    REQUIRE(p != nullptr);
    return fs::path(p);
}

// Sets a file's modification time `seconds_ago` in the past (its change time stays "now").
void age(const fs::path& file, int seconds_ago) {
    struct timeval times[2];
    gettimeofday(&times[0], nullptr);
    times[0].tv_sec -= seconds_ago;
    times[1] = times[0];
    REQUIRE(utimes(file.c_str(), times) == 0);
}

std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

TEST_CASE("remembered ids are found only for the same stat data, and survive encoding") {
    IdMemo memo;
    std::int64_t old = now_ns() - 3600'000'000'000LL;
    FileStamp st{10, old, old, 42};
    memo.remember("models/a.sql", st, "abc");
    CHECK(memo.changed());
    CHECK(memo.find("models/a.sql", st) == std::optional<std::string>("abc"));
    FileStamp other = st;
    other.mtime_ns += 1;
    CHECK_FALSE(memo.find("models/a.sql", other));
    other = st;
    other.inode = 43;
    CHECK_FALSE(memo.find("models/a.sql", other));
    CHECK_FALSE(memo.find("models/b.sql", st));

    IdMemo back;
    REQUIRE(back.decode(memo.encode()));
    CHECK_FALSE(back.changed());
    CHECK(back.find("models/a.sql", st) == std::optional<std::string>("abc"));
    std::string bytes = memo.encode();
    bytes[bytes.size() / 2] ^= 1;
    IdMemo bad;
    CHECK_FALSE(bad.decode(bytes));
    CHECK_FALSE(bad.decode(bytes.substr(0, bytes.size() - 3)));
    CHECK(bad.size() == 0);
}

TEST_CASE("a file changed less than two seconds ago is not remembered") {
    IdMemo memo;
    std::int64_t now = now_ns();
    memo.remember("a", {1, now, now, 1}, "x");
    CHECK_FALSE(memo.find("a", {1, now, now, 1}));
    CHECK_FALSE(memo.changed());
}

TEST_CASE("the worktree source takes remembered ids and notices changed files") {
    auto dir = temp_dir();
    fs::path file = dir / "m.sql";
    REQUIRE(write_file_atomic(file, "select 1").ok());
    WorktreeSource src(dir.string());
    IdMemo recent; // the default window: a file just written is hashed, not remembered
    src.set_id_memo(&recent);
    auto first = src.read("m.sql", 1 << 20);
    REQUIRE(first.ok());
    CHECK(first->id == git_blob_id("select 1"));
    CHECK(recent.size() == 0);

    IdMemo memo(0);
    src.set_id_memo(&memo);
    REQUIRE(src.read("m.sql", 1 << 20).ok());
    REQUIRE(memo.size() == 1);
    // An id remembered for the file's stat data is believed: here a wrong one, to show that the
    // bytes were not hashed again.
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    FileStamp stamp{static_cast<std::uint64_t>(st.st_size),
                    static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec,
                    static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1'000'000'000 + st.st_ctim.tv_nsec,
                    static_cast<std::uint64_t>(st.st_ino)};
    memo.remember("m.sql", stamp, "remembered");
    CHECK(src.read("m.sql", 1 << 20)->id == "remembered");
    // Once the stat data changes (the file rewritten), the bytes are hashed again.
    REQUIRE(write_file_atomic(file, "select 2").ok());
    CHECK(src.read("m.sql", 1 << 20)->id == git_blob_id("select 2"));
    age(file, 3600);
    CHECK(src.read("m.sql", 1 << 20)->id == git_blob_id("select 2"));
    fs::remove_all(dir);
}

TEST_CASE("a mapped file shows the bytes on disk and stays valid after the file is replaced") {
    auto dir = temp_dir();
    fs::path file = dir / "pack";
    REQUIRE(write_file_atomic(file, "first contents").ok());
    MappedFile m;
    REQUIRE(m.open(file.string(), 1 << 20));
    CHECK(m.bytes() == "first contents");
    REQUIRE(write_file_atomic(file, "second").ok());
    CHECK(m.bytes() == "first contents");
    MappedFile small;
    std::string why;
    CHECK_FALSE(small.open(file.string(), 3, &why));
    CHECK(why.find("larger") != std::string::npos);
    CHECK_FALSE(small.open((dir / "absent").string(), 1 << 20));
    fs::remove_all(dir);
}
