// `dpipe plan --comment github` run as a user runs it, against a fake GitHub on 127.0.0.1.
#include "fake_github.hpp"
#include "util/files.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace fs = std::filesystem;

namespace {

const std::string k_token = "ghp_plantesttoken0123456789abcdefghij";

fs::path temp_dir() {
    std::string tmpl = (fs::temp_directory_path() / "dpipe-plan-comment-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    return tmpl;
}

int sh(const fs::path& dir, const std::string& cmd) {
    return std::system(("cd '" + dir.string() + "' && " + cmd).c_str());
}

std::string read(const fs::path& p) {
    auto text = dpipe::util::read_file(p, 1 << 22);
    return text.ok() ? *text : std::string();
}

} // namespace

TEST_CASE("plan --comment github creates the sticky comment once, then edits it, and the token is "
          "never shown") {
    testing::FakeGitHub gh;
    gh.add_token(k_token, "dpipe-bot");
    fs::path dir = temp_dir();
    REQUIRE(dpipe::util::write_file_atomic(dir / "dbt_project.yml", "name: shop\n").ok());
    REQUIRE(dpipe::util::write_file_atomic(dir / "models" / "a.sql", "select 1 as id\n").ok());
    REQUIRE(sh(dir, "git init -q -b main && git add -A && git -c user.email=t@e -c user.name=t "
                    "commit -qm base") == 0);
    REQUIRE(
        dpipe::util::write_file_atomic(dir / "models" / "b.sql", "select id from {{ ref('a') }}\n")
            .ok());

    std::string env =
        "GITHUB_TOKEN=" + k_token + " GITHUB_REPOSITORY=o/r GITHUB_API_URL=" + gh.api_url() +
        " GITHUB_ACTIONS=true GITHUB_STEP_SUMMARY='" + (dir / "summary.md").string() + "'";
    std::string cmd =
        env + " '" + DPIPE_BINARY + "' plan --comment github --pr 7 > out.txt 2> err.txt";
    REQUIRE(sh(dir, cmd) == 0);
    auto comments = gh.comments();
    REQUIRE(comments.size() == 1);
    CHECK(comments[0].author == "dpipe-bot");
    CHECK(comments[0].body.rfind("<!-- dpipe:plan -->", 0) == 0);
    CHECK(comments[0].body.find("`b`") != std::string::npos);
    CHECK(read(dir / "err.txt").find("plan comment created on o/r#7") != std::string::npos);

    // A second run after another edit: the same comment, edited.
    REQUIRE(
        dpipe::util::write_file_atomic(dir / "models" / "c.sql", "select id from {{ ref('b') }}\n")
            .ok());
    REQUIRE(sh(dir, cmd) == 0);
    comments = gh.comments();
    REQUIRE(comments.size() == 1);
    CHECK(comments[0].body.find("`c`") != std::string::npos);
    CHECK(read(dir / "err.txt").find("plan comment updated") != std::string::npos);

    // The step summary got the plan twice; nothing printed or posted holds the token.
    std::string summary = read(dir / "summary.md");
    CHECK(summary.find("dpipe plan") != std::string::npos);
    for (const auto& text :
         {read(dir / "out.txt"), read(dir / "err.txt"), summary, comments[0].body}) {
        CHECK(text.find(k_token) == std::string::npos);
    }
    for (const auto& r : gh.requests()) {
        CHECK(r.body.find(k_token) == std::string::npos);
        CHECK(r.target.find(k_token) == std::string::npos);
    }
    fs::remove_all(dir);
}
