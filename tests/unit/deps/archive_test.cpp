// Package tarballs: extraction, and archives that try to escape refused.

#include "deps/archive.hpp"
#include "helpers.hpp"

#include <catch2/catch.hpp>

using namespace dpipe::deps;
using deps_test::make_tar_gz;
using deps_test::TarEntry;

TEST_CASE("a tarball extracts into its folder") {
    auto dir = deps_test::temp_dir();
    std::string data = make_tar_gz({{"pkg-abc/", "", '5'},
                                    {"pkg-abc/dbt_project.yml", "name: pkg\n", '0'},
                                    {"./pkg-abc/macros/m.sql", "select 1\n", '0'},
                                    {"pkg-abc/link", "macros/m.sql", '2'}});
    auto r = extract_tar_gz(data, dir / "out");
    REQUIRE(r.ok());
    CHECK(deps_test::slurp(dir / "out/pkg-abc/dbt_project.yml") == "name: pkg\n");
    CHECK(deps_test::slurp(dir / "out/pkg-abc/macros/m.sql") == "select 1\n");
    CHECK_FALSE(std::filesystem::exists(dir / "out/pkg-abc/link")); // links are not created
    std::filesystem::remove_all(dir);
}

TEST_CASE("entries that climb out or are absolute are refused") {
    auto dir = deps_test::temp_dir();
    auto climb = extract_tar_gz(make_tar_gz({{"pkg/../../evil.sql", "x", '0'}}), dir / "out");
    REQUIRE_FALSE(climb.ok());
    CHECK(climb.error() ==
          "the archive entry 'pkg/../../evil.sql' climbs out of the package ('..')");
    CHECK_FALSE(std::filesystem::exists(dir / "evil.sql"));
    auto absolute = extract_tar_gz(make_tar_gz({{"/tmp/evil.sql", "x", '0'}}), dir / "out2");
    REQUIRE_FALSE(absolute.ok());
    CHECK(absolute.error() == "the archive entry '/tmp/evil.sql' is not a relative path");
    auto link = extract_tar_gz(make_tar_gz({{"pkg/l", "../../etc", '2'}}), dir / "out3");
    REQUIRE_FALSE(link.ok());
    CHECK(link.error() == "the archive entry 'pkg/l' links outside the package ('../../etc')");
    auto abs_link = extract_tar_gz(make_tar_gz({{"pkg/l", "/etc/passwd", '2'}}), dir / "out4");
    CHECK_FALSE(abs_link.ok());
    std::filesystem::remove_all(dir);
}

TEST_CASE("corrupt, truncated and oversized archives are refused") {
    auto dir = deps_test::temp_dir();
    CHECK(extract_tar_gz("not gzip at all", dir / "a").error() ==
          "the archive is not valid gzip data");
    std::string good = make_tar_gz({{"f", std::string(5000, 'x'), '0'}});
    CHECK_FALSE(extract_tar_gz(good.substr(0, good.size() / 2), dir / "b").ok());
    ArchiveLimits small;
    small.max_file_bytes = 100;
    CHECK(extract_tar_gz(good, dir / "c", small).error() ==
          "the archive entry 'f' is larger than 100 bytes");
    ArchiveLimits tiny;
    tiny.max_total_bytes = 1000;
    CHECK(extract_tar_gz(good, dir / "d", tiny).error() ==
          "the archive unpacks to more than 1000 bytes");
    std::filesystem::remove_all(dir);
}
