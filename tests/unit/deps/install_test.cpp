// dpipe deps end to end inside the library: local packages, git packages from repositories made
// here (tags, branches, commits, subdirectories), the lock file, and failures that keep the
// previous install.

#include "deps/install.hpp"
#include "deps/lock.hpp"
#include "deps/status.hpp"
#include "helpers.hpp"

#include <catch2/catch.hpp>

using namespace dpipe::deps;
using deps_test::make_package;
using deps_test::put;
using deps_test::sh;
using deps_test::sh_out;
using deps_test::slurp;
namespace fs = std::filesystem;

namespace {

const std::string k_commit = "git -c user.email=t@e -c user.name=t commit -q";

struct Fixture {
    fs::path root = deps_test::temp_dir();
    fs::path project = root / "proj";
    Fixture() {
        fs::create_directories(project / "models");
        put(project / "dbt_project.yml", "name: proj\nversion: '1.0'\n");
    }
    ~Fixture() { fs::remove_all(root); }

    DepsRequest request() const {
        DepsRequest r;
        r.project_dir = project;
        r.env = [](const std::string&) { return std::optional<std::string>(); };
        return r;
    }
};

// A repository whose package says which state it is in: tag v1.0.0 (one), branch `next` (three),
// main (two); and `nested/inner` holding a second package.
fs::path make_repo(const fs::path& root) {
    fs::path repo = root / "repo";
    make_package(repo, "gitpkg");
    put(repo / "state.txt", "one\n");
    make_package(repo / "nested" / "inner", "inner_pkg");
    REQUIRE(sh(repo, "git init -q -b main && git add -A && " + k_commit +
                         " -m one && git tag v1.0.0") == 0);
    REQUIRE(sh(repo, "git checkout -q -b next && echo three > state.txt && git add -A && " +
                         k_commit + " -m three && git checkout -q main") == 0);
    put(repo / "state.txt", "two\n");
    REQUIRE(sh(repo, "git add -A && " + k_commit + " -m two") == 0);
    return repo;
}

} // namespace

TEST_CASE("local packages and their local dependencies are copied and locked") {
    Fixture f;
    make_package(f.root / "base", "base_pkg");
    make_package(f.root / "top", "top_pkg", "packages:\n  - local: ../base\n");
    put(f.project / "packages.yml", "packages:\n  - local: ../top\n");
    auto r = install_packages(f.request());
    REQUIRE(r.ok());
    REQUIRE(r->packages.size() == 2);
    CHECK(r->packages[0].name == "top_pkg");
    CHECK(r->packages[1].name == "base_pkg");
    CHECK(fs::exists(f.project / "dbt_packages/top_pkg/macros/top_pkg.sql"));
    CHECK(fs::exists(f.project / "dbt_packages/base_pkg/dbt_project.yml"));
    CHECK_FALSE(fs::is_symlink(f.project / "dbt_packages/top_pkg"));
    CHECK(r->lock_written);
    std::string lock = slurp(f.project / "package-lock.yml");
    CHECK(lock.find("  - name: top_pkg\n    local: \"../top\"\n  - name: base_pkg\n    local: "
                    "\"../base\"\n") != std::string::npos);

    auto again = install_packages(f.request());
    REQUIRE(again.ok());
    CHECK(again->from_lock);
    CHECK_FALSE(again->lock_written);
    CHECK(again->packages.size() == 2);

    // A broken spec fails before anything moves: the previous install stays.
    put(f.project / "packages.yml", "packages:\n  - local: ../missing\n");
    auto broken = install_packages(f.request());
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().code == dpipe::core::ExitCode::Usage);
    CHECK(broken.error().diagnostic.headline() ==
          "packages.yml:2:5: error: the local package '../missing' is not a folder [DP019]");
    CHECK(fs::exists(f.project / "dbt_packages/top_pkg/dbt_project.yml"));
    for (const auto& e : fs::directory_iterator(f.project)) {
        CHECK(e.path().filename().string().rfind(".dpipe-deps-", 0) != 0); // no staging left
    }
}

TEST_CASE("packages-install-path decides where packages go") {
    Fixture f;
    put(f.project / "dbt_project.yml", "name: proj\npackages-install-path: vendor\n");
    make_package(f.root / "p", "p_pkg");
    put(f.project / "packages.yml", "packages:\n  - local: ../p\n");
    auto r = install_packages(f.request());
    REQUIRE(r.ok());
    CHECK(r->install_path == "vendor");
    CHECK(fs::exists(f.project / "vendor/p_pkg/dbt_project.yml"));
}

TEST_CASE("two packages with one name are refused") {
    Fixture f;
    make_package(f.root / "a", "same");
    make_package(f.root / "b", "same");
    put(f.project / "packages.yml", "packages:\n  - local: ../a\n  - local: ../b\n");
    auto r = install_packages(f.request());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().diagnostic.message == "two packages would install as 'same': ../a and ../b");
}

TEST_CASE("git packages install at a tag, a branch, a commit and from a subdirectory") {
    Fixture f;
    fs::path repo = make_repo(f.root);
    std::string tag_commit = sh_out(repo, "git rev-parse v1.0.0");
    std::string main_commit = sh_out(repo, "git rev-parse main");
    std::string url = repo.string();

    put(f.project / "packages.yml", "packages:\n  - git: \"" + url + "\"\n    revision: v1.0.0\n");
    auto tag = install_packages(f.request());
    REQUIRE(tag.ok());
    CHECK(slurp(f.project / "dbt_packages/gitpkg/state.txt") == "one\n");
    CHECK_FALSE(fs::exists(f.project / "dbt_packages/gitpkg/.git"));
    CHECK(tag->packages[0].version == tag_commit);
    CHECK(slurp(f.project / "package-lock.yml").find("revision: " + tag_commit) !=
          std::string::npos);

    put(f.project / "packages.yml", "packages:\n  - git: \"" + url + "\"\n    revision: next\n");
    REQUIRE(install_packages(f.request()).ok());
    CHECK(slurp(f.project / "dbt_packages/gitpkg/state.txt") == "three\n");

    // Quoted: an abbreviated id such as 1234567890 or 12345e6789 would be a YAML number.
    put(f.project / "packages.yml",
        "packages:\n  - git: \"" + url + "\"\n    revision: \"" + main_commit.substr(0, 10) + "\"\n");
    REQUIRE(install_packages(f.request()).ok());
    CHECK(slurp(f.project / "dbt_packages/gitpkg/state.txt") == "two\n");

    put(f.project / "packages.yml",
        "packages:\n  - git: \"" + url +
            "\"\n    revision: v1.0.0\n    subdirectory: nested/inner\n");
    auto sub = install_packages(f.request());
    REQUIRE(sub.ok());
    CHECK(sub->packages[0].name == "inner_pkg");
    CHECK(fs::exists(f.project / "dbt_packages/inner_pkg/macros/inner_pkg.sql"));
    CHECK_FALSE(fs::exists(f.project / "dbt_packages/gitpkg")); // the folder is replaced as a whole
}

TEST_CASE("the lock pins a git branch to the commit it had") {
    Fixture f;
    fs::path repo = make_repo(f.root);
    put(f.project / "packages.yml",
        "packages:\n  - git: \"" + repo.string() + "\"\n    revision: main\n");
    REQUIRE(install_packages(f.request()).ok());
    put(repo / "state.txt", "four\n");
    REQUIRE(sh(repo, "git add -A && " + k_commit + " -m four") == 0);
    auto locked = install_packages(f.request());
    REQUIRE(locked.ok());
    CHECK(locked->from_lock);
    CHECK(slurp(f.project / "dbt_packages/gitpkg/state.txt") == "two\n");
    DepsRequest upgrade = f.request();
    upgrade.upgrade = true;
    REQUIRE(install_packages(upgrade).ok());
    CHECK(slurp(f.project / "dbt_packages/gitpkg/state.txt") == "four\n");
}

TEST_CASE("git failures: unknown revision is bad input, an unreachable repository is unavailable") {
    Fixture f;
    fs::path repo = make_repo(f.root);
    put(f.project / "packages.yml",
        "packages:\n  - git: \"" + repo.string() + "\"\n    revision: v9\n");
    auto unknown = install_packages(f.request());
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == dpipe::core::ExitCode::Usage);
    CHECK(unknown.error().diagnostic.loc.str() == "packages.yml:2:5");

    put(f.project / "packages.yml",
        "packages:\n  - git: \"" + (f.root / "nowhere").string() + "\"\n    revision: v1\n");
    auto missing = install_packages(f.request());
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == dpipe::core::ExitCode::Unavailable);

    put(f.project / "packages.yml", "packages:\n  - git: \"" + repo.string() + "\"\n");
    auto unpinned = install_packages(f.request());
    REQUIRE(unpinned.ok());
    REQUIRE(unpinned->warnings.size() == 1);
    CHECK(unpinned->warnings[0].code == "DP016");
}

TEST_CASE("lock only: the lock is written and nothing installed") {
    Fixture f;
    make_package(f.root / "p", "p_pkg");
    put(f.project / "packages.yml", "packages:\n  - local: ../p\n");
    DepsRequest r = f.request();
    r.lock_only = true;
    auto out = install_packages(r);
    REQUIRE(out.ok());
    CHECK(out->lock_written);
    CHECK_FALSE(fs::exists(f.project / "dbt_packages"));
    CHECK(fs::exists(f.project / "package-lock.yml"));
}

TEST_CASE("listed packages that are not installed are found without fetching anything") {
    Fixture f;
    make_package(f.root / "p", "p_pkg");
    put(f.project / "packages.yml",
        "packages:\n  - local: ../p\n  - package: acme/core_utils\n    version: 1.0.0\n");
    auto before = uninstalled_packages(f.project);
    REQUIRE(before.ok());
    REQUIRE(before->size() == 2);
    CHECK((*before)[0].local == "../p");
    fs::create_directories(f.project / "dbt_packages/p_pkg");
    fs::create_directories(f.project / "dbt_packages/core_utils");
    auto after = uninstalled_packages(f.project);
    REQUIRE(after.ok());
    CHECK(after->empty());
}

TEST_CASE("a git package may not pull in folders of this machine") {
    Fixture f;
    fs::path repo = f.root / "sneaky";
    make_package(repo, "sneaky", "packages:\n  - local: ../../home\n");
    REQUIRE(sh(repo, "git init -q -b main && git add -A && " + k_commit + " -m one") == 0);
    put(f.project / "packages.yml",
        "packages:\n  - git: \"" + repo.string() + "\"\n    revision: main\n");
    auto r = install_packages(f.request());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().diagnostic.headline() == "dbt_packages/sneaky/packages.yml:2:5: error: the git "
                                             "package 'sneaky' lists a local package "
                                             "('../../home'): only local packages may [DP026]");
}

TEST_CASE("staging folders of killed runs are cleared") {
    Fixture f;
    fs::create_directories(f.project / ".dpipe-deps-999999999/new");
    make_package(f.root / "p", "p_pkg");
    put(f.project / "packages.yml", "packages:\n  - local: ../p\n");
    REQUIRE(install_packages(f.request()).ok());
    CHECK_FALSE(fs::exists(f.project / ".dpipe-deps-999999999"));
}

TEST_CASE("a git URL with env_var is locked as written and rendered again from the lock") {
    Fixture f;
    fs::path repo = make_repo(f.root);
    DepsRequest r = f.request();
    std::string where = repo.string();
    r.env = [where](const std::string& name) -> std::optional<std::string> {
        return name == "PKG_REPO" ? std::optional<std::string>(where) : std::nullopt;
    };
    put(f.project / "packages.yml",
        "packages:\n  - git: \"{{ env_var('PKG_REPO') }}\"\n    revision: v1.0.0\n");
    REQUIRE(install_packages(r).ok());
    std::string lock = slurp(f.project / "package-lock.yml");
    CHECK(lock.find("git: \"{{ env_var('PKG_REPO') }}\"") != std::string::npos);
    CHECK(lock.find(where) == std::string::npos);
    auto again = install_packages(r);
    REQUIRE(again.ok());
    CHECK(again->from_lock);
    CHECK(slurp(f.project / "dbt_packages/gitpkg/state.txt") == "one\n");
}
