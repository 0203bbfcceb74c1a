#include "project/snapshot.hpp"
#include "util/file_source.hpp"
#include "scaffold/scaffold.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

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
