#include "project/snapshot.hpp"
#include "util/file_source.hpp"
#include "scaffold/scaffold.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

namespace fs = std::filesystem;
using namespace dpipe;

namespace {
fs::path temp_dir() {
    std::string tmpl = (fs::temp_directory_path() / "dpipe-init-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    return tmpl;
}
} // namespace

TEST_CASE("the starter project loads, renders and graphs cleanly") {
    auto dir = temp_dir();
    auto r = scaffold::init_project({(dir / "My Shop").string(), "", ""});
    REQUIRE(r.ok());
    CHECK(r->project_name == "my_shop");
    CHECK(std::find(r->written.begin(), r->written.end(), "dpipe.yaml") != r->written.end());
    util::WorktreeSource source((dir / "My Shop").string());
    project::Request req;
    req.source = &source;
    auto cp = project::build(req);
    CHECK_FALSE(cp.has_errors());
    CHECK(cp.project.name == "my_shop");
    CHECK(cp.project.models.size() >= 2);
    CHECK_FALSE(cp.graph.has_cycle());
    fs::remove_all(dir);
}

TEST_CASE("the bundled example is written whole") {
    auto dir = temp_dir();
    auto r = scaffold::init_project({(dir / "demo").string(), "", "shop"});
    REQUIRE(r.ok());
    CHECK(r->project_name == "shop");
    util::WorktreeSource source((dir / "demo").string());
    project::Request req;
    req.source = &source;
    auto cp = project::build(req);
    CHECK_FALSE(cp.has_errors());
    CHECK(cp.project.models.size() == 13);
    fs::remove_all(dir);
}

TEST_CASE("init refuses an existing project and writes nothing") {
    auto dir = temp_dir();
    REQUIRE(scaffold::init_project({dir.string(), "first", ""}).ok());
    auto again = scaffold::init_project({dir.string(), "second", ""});
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().message.find("already exists") != std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("unknown examples are named") {
    auto r = scaffold::init_project({"/nonexistent/x", "", "warehouse"});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "unknown example 'warehouse' (available: shop)");
}

namespace {
// Fails the `n`-th write (1-based) and performs the others.
scaffold::InitRequest failing_at(std::string dir, int n, std::shared_ptr<int> count) {
    scaffold::InitRequest req{std::move(dir), "", "", {}};
    req.write_file = [n, count](const util::fs::path& p, std::string_view content)
        -> util::Result<bool, util::FileError> {
        if (++*count == n) {
            return util::unexpected(util::FileError{"disk full (simulated)"});
        }
        return util::write_file_atomic(p, content);
    };
    return req;
}

std::vector<std::string> tree(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        out.push_back(e.path().lexically_relative(dir).generic_string());
    }
    std::sort(out.begin(), out.end());
    return out;
}
} // namespace

TEST_CASE("init that fails midway into a new directory leaves nothing and can run again") {
    auto dir = temp_dir();
    auto count = std::make_shared<int>(0);
    auto r = scaffold::init_project(failing_at((dir / "a" / "b" / "proj").string(), 3, count));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("disk full (simulated); nothing was written") !=
          std::string::npos);
    CHECK(*count == 3);
    CHECK(tree(dir).empty()); // not even the parents it made
    REQUIRE(scaffold::init_project({(dir / "a" / "b" / "proj").string(), "", "", {}}).ok());
    CHECK(fs::exists(dir / "a" / "b" / "proj" / "dpipe.yaml"));
    for (const auto& e : fs::directory_iterator(dir / "a" / "b")) { // no staging folder left
        CHECK(e.path().filename() == "proj");
    }
    fs::remove_all(dir);
}

TEST_CASE("init that fails midway into an existing directory leaves only what was there") {
    auto dir = temp_dir();
    fs::create_directories(dir / ".git");
    { std::ofstream(dir / "notes.txt") << "mine\n"; }
    auto before = tree(dir);
    auto count = std::make_shared<int>(0);
    auto r = scaffold::init_project(failing_at(dir.string(), 4, count));
    REQUIRE_FALSE(r.ok());
    CHECK(tree(dir) == before);

    // A real failure while moving files into place: `models` is a file, so models/*.sql cannot
    // be placed after dpipe.yaml and others already were.
    { std::ofstream(dir / "models") << "not a folder\n"; }
    before = tree(dir);
    auto blocked = scaffold::init_project({dir.string(), "", "", {}});
    REQUIRE_FALSE(blocked.ok());
    CHECK(blocked.error().message.find("nothing was written") != std::string::npos);
    CHECK(tree(dir) == before);
    fs::remove(dir / "models");
    REQUIRE(scaffold::init_project({dir.string(), "", "", {}}).ok());
    CHECK(fs::exists(dir / "dpipe.yaml"));
    CHECK(fs::exists(dir / "notes.txt"));
    fs::remove_all(dir);
}
