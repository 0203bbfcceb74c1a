#include "git/repo.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace fs = std::filesystem;

namespace {
fs::path temp_dir() {
    std::string tmpl = (fs::temp_directory_path() / "dpipe-git-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    return tmpl;
}
int sh(const std::string& cmd) { return std::system(cmd.c_str()); }
} // namespace

TEST_CASE("discover finds the repository, branch and head") {
    auto dir = temp_dir();
    REQUIRE(sh("cd '" + dir.string() + "' && git init -q -b trunk && mkdir -p sub && "
               "git -c user.email=t@e -c user.name=t commit -q --allow-empty -m first") == 0);
    auto info = dpipe::git::discover((dir / "sub").string());
    REQUIRE(info.has_value());
    CHECK(info->branch == "trunk");
    CHECK(info->head.size() == 40);
    CHECK(fs::equivalent(info->workdir, dir));
    fs::remove_all(dir);
}

TEST_CASE("an unborn branch has a name and no head") {
    auto dir = temp_dir();
    REQUIRE(sh("cd '" + dir.string() + "' && git init -q -b main") == 0);
    auto info = dpipe::git::discover(dir.string());
    REQUIRE(info.has_value());
    CHECK(info->branch == "main");
    CHECK(info->head.empty());
    fs::remove_all(dir);
}

TEST_CASE("no repository gives nullopt") {
    auto dir = temp_dir();
    CHECK_FALSE(dpipe::git::discover(dir.string()).has_value());
    fs::remove_all(dir);
}
