// packages.yml / dependencies.yml: entries, env_var() in git URLs, located errors.

#include "deps/spec.hpp"
#include "helpers.hpp"

#include <catch2/catch.hpp>

using namespace dpipe::deps;

namespace {

EnvLookup fake_env() {
    return [](const std::string& name) -> std::optional<std::string> {
        if (name == "TOKEN") {
            return std::string("s3cret");
        }
        return std::nullopt;
    };
}

std::string error_of(const std::string& text) {
    auto spec = parse_package_spec(text, "packages.yml", fake_env());
    REQUIRE_FALSE(spec.ok());
    return spec.error().headline();
}

} // namespace

TEST_CASE("the three kinds of entries parse") {
    auto spec = parse_package_spec(R"(packages:
  - local: ../shared
  - git: "https://{{ env_var('TOKEN') }}@example.com/r.git"
    revision: v1.2.0
    subdirectory: pkg
    warn-unpinned: false
  - package: dbt-labs/dbt_utils
    version: [">=1.0.0", "<2.0.0"]
  - package: calogica/dbt_expectations
    version: 0.10.1
    install-prerelease: true
)",
                                   "packages.yml", fake_env());
    REQUIRE(spec.ok());
    REQUIRE(spec->packages.size() == 4);
    CHECK(spec->packages[0].kind == PackageKind::Local);
    CHECK(spec->packages[0].local == "../shared");
    const auto& g = spec->packages[1];
    CHECK(g.kind == PackageKind::Git);
    CHECK(g.git == "https://s3cret@example.com/r.git");
    CHECK(g.git_unrendered == "https://{{ env_var('TOKEN') }}@example.com/r.git");
    CHECK(g.revision == "v1.2.0");
    CHECK(g.subdirectory == "pkg");
    CHECK_FALSE(g.warn_unpinned);
    CHECK(spec->packages[2].versions == std::vector<std::string>{">=1.0.0", "<2.0.0"});
    CHECK(spec->packages[3].versions == std::vector<std::string>{"0.10.1"});
    CHECK(spec->packages[3].install_prerelease);
    CHECK(spec->packages[2].loc.str() == "packages.yml:7:5");
}

TEST_CASE("env_var takes a default and nothing else renders") {
    CHECK(*render_env_vars("a{{ env_var('MISSING', 'dflt') }}b", fake_env()) == "adfltb");
    CHECK(*render_env_vars("{{env_var(\"TOKEN\")}}", fake_env()) == "s3cret");
    CHECK(render_env_vars("{{ env_var('MISSING') }}", fake_env()).error() ==
          "the environment variable 'MISSING' is not set and has no default");
    CHECK_FALSE(render_env_vars("{{ var('x') }}", fake_env()).ok());
    CHECK_FALSE(render_env_vars("{{ env_var('X'", fake_env()).ok());
}

TEST_CASE("bad entries are located errors") {
    CHECK(error_of("packages:\n  - package: dbt_utils\n    version: 1.0.0\n") ==
          "packages.yml:2:14: error: `package` must be 'owner/name' (such as "
          "'dbt-labs/dbt_utils'), not "
          "'dbt_utils' [DP005]");
    CHECK(error_of("packages:\n  - package: ../x\n    version: 1.0.0\n").find("[DP005]") !=
          std::string::npos);
    CHECK(error_of("packages:\n  - package: a/b\n") ==
          "packages.yml:2:5: error: the hub package 'a/b' needs a `version` [DP007]");
    CHECK(error_of("packages:\n  - local: x\n    git: y\n") ==
          "packages.yml:2:5: error: a package entry needs exactly one of `local`, `git` or "
          "`package` [DP002]");
    CHECK(error_of("packages:\n  - local: x\n    colour: red\n")
              .rfind("packages.yml:3:5: error: unknown key `colour`", 0) == 0);
    CHECK(error_of("packages:\n  - git: x\n    warn-unpinned: maybe\n") ==
          "packages.yml:3:20: error: `warn-unpinned` must be true or false [DP003]");
    CHECK(error_of("packages: 3\n") ==
          "packages.yml:1:11: error: `packages` must be a list [DP001]");
    CHECK(error_of("packages:\n  - just-a-string\n").find("[DP002]") != std::string::npos);
}

TEST_CASE("package names are plain identifiers") {
    CHECK(package_name_problem("dbt_utils").empty());
    CHECK_FALSE(package_name_problem("").empty());
    CHECK_FALSE(package_name_problem("../x").empty());
    CHECK_FALSE(package_name_problem("a/b").empty());
    CHECK_FALSE(package_name_problem("1abc").empty());
    CHECK(valid_hub_id("dbt-labs/dbt_utils"));
    CHECK_FALSE(valid_hub_id("../dbt_utils"));
    CHECK_FALSE(valid_hub_id("a/b/c"));
}

TEST_CASE("the spec file and the install path are found in the project folder") {
    auto dir = deps_test::temp_dir();
    auto none = read_package_spec(dir);
    REQUIRE(none.ok());
    CHECK_FALSE(*none);
    deps_test::put(dir / "dependencies.yml", "packages:\n  - local: a\n");
    auto deps = read_package_spec(dir);
    REQUIRE(deps.ok());
    REQUIRE(*deps);
    CHECK((*deps)->file == "dependencies.yml");
    deps_test::put(dir / "packages.yml", "packages:\n  - local: b\n");
    CHECK_FALSE(read_package_spec(dir).ok());

    deps_test::put(dir / "dbt_project.yml", "name: shop\npackages-install-path: vendor/pkgs/\n");
    auto settings = read_project_settings(dir);
    REQUIRE(settings.ok());
    CHECK(settings->name == "shop");
    CHECK(settings->install_path == "vendor/pkgs");
    deps_test::put(dir / "dbt_project.yml", "name: shop\npackages-install-path: ../outside\n");
    CHECK(read_project_settings(dir).error().headline() ==
          "dbt_project.yml:2:24: error: `packages-install-path` must be a folder inside the "
          "project [DP008]");
    std::filesystem::remove_all(dir);
}
