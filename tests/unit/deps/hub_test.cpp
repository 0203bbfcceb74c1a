// Hub packages against a local stand-in for the package hub: version resolution across
// transitive constraints, downloads checked and extracted, the lock honoured, bad archives and
// conflicting ranges refused.

#include "deps/install.hpp"
#include "helpers.hpp"
#include "test_server.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "util/hash.hpp"

#include <map>

using namespace dpipe::deps;
using deps_test::put;
using deps_test::slurp;
using testing::RecordedRequest;
using testing::ScriptedResponse;
using testing::TestServer;
namespace fs = std::filesystem;

namespace {

struct FakeHub {
    // id -> version -> (dependencies, tarball)
    std::map<std::string, std::map<std::string, std::pair<nlohmann::json, std::string>>> packages;
    std::string base;
    bool wrong_sha1 = false;

    void add(const std::string& id, const std::string& version,
             nlohmann::json deps = nlohmann::json::array(), std::string tarball = "") {
        std::string name = id.substr(id.find('/') + 1);
        if (tarball.empty()) {
            std::string top = "acme-" + name + "-" + version + "/";
            tarball =
                deps_test::make_tar_gz({{top, "", '5'},
                                        {top + "dbt_project.yml", "name: " + name + "\n", '0'},
                                        {top + "version.txt", version + "\n", '0'}});
        }
        packages[id][version] = {std::move(deps), std::move(tarball)};
    }

    ScriptedResponse answer(const RecordedRequest& req) const {
        std::string path = req.path();
        if (path == "/api/v1/index.json") {
            nlohmann::json index = nlohmann::json::array();
            for (const auto& [id, _] : packages) {
                index.push_back(id);
            }
            return {200, {}, index.dump(), {}};
        }
        for (const auto& [id, versions] : packages) {
            std::string name = id.substr(id.find('/') + 1);
            if (path == "/api/v1/" + id + ".json") {
                nlohmann::json doc = {
                    {"name", name}, {"namespace", "acme"}, {"versions", nlohmann::json::object()}};
                for (const auto& [v, content] : versions) {
                    std::string sha1 =
                        wrong_sha1 ? std::string(40, '0') : dpipe::util::sha1_hex(content.second);
                    doc["versions"][v] = {
                        {"name", name},
                        {"version", v},
                        {"packages", content.first},
                        {"downloads",
                         {{"tarball", base + "/tarballs/" + name + "-" + v + ".tar.gz"},
                          {"format", "tgz"},
                          {"sha1", sha1}}}};
                }
                return {200, {}, doc.dump(), {}};
            }
            for (const auto& [v, content] : versions) {
                if (path == "/tarballs/" + name + "-" + v + ".tar.gz") {
                    return {200, {}, content.second, {}};
                }
            }
        }
        return {404, {}, "{}", {}};
    }
};

struct Fixture {
    FakeHub hub;
    TestServer server{[this](const RecordedRequest& r) { return hub.answer(r); }};
    fs::path root = deps_test::temp_dir();
    fs::path project = root / "proj";
    dpipe::net::CurlClient http;

    Fixture() {
        hub.base = server.url();
        fs::create_directories(project);
        put(project / "dbt_project.yml", "name: proj\n");
    }
    ~Fixture() { fs::remove_all(root); }

    DepsRequest request() {
        DepsRequest r;
        r.project_dir = project;
        r.http = &http;
        std::string url = server.url();
        r.env = [url](const std::string& name) -> std::optional<std::string> {
            if (name == "DBT_PACKAGE_HUB_URL") {
                return url;
            }
            return std::nullopt;
        };
        return r;
    }
};

nlohmann::json dep(const std::string& id, nlohmann::json version) {
    return nlohmann::json::array({{{"package", id}, {"version", std::move(version)}}});
}

} // namespace

TEST_CASE("hub packages resolve to the highest version every constraint allows") {
    Fixture f;
    for (const char* v : {"1.0.0", "1.1.0", "1.2.0", "2.0.0", "1.3.0-rc.1"}) {
        f.hub.add("acme/core_utils", v);
    }
    f.hub.add("acme/reporting", "0.5.0", dep("acme/core_utils", {">=1.0.0", "<1.2.0"}));
    put(f.project / "packages.yml",
        "packages:\n"
        "  - package: acme/core_utils\n    version: [\">=1.0.0\", \"<2.0.0\"]\n"
        "  - package: acme/reporting\n    version: 0.5.0\n");
    auto r = install_packages(f.request());
    REQUIRE(r.ok());
    REQUIRE(r->packages.size() == 2);
    CHECK(r->packages[0].name == "core_utils");
    CHECK(r->packages[0].version == "1.1.0"); // narrowed by reporting's own constraint
    CHECK(slurp(f.project / "dbt_packages/core_utils/version.txt") == "1.1.0\n");
    CHECK(slurp(f.project / "dbt_packages/reporting/dbt_project.yml") == "name: reporting\n");
    std::string lock = slurp(f.project / "package-lock.yml");
    CHECK(lock.rfind(
              "packages:\n  - name: core_utils\n    package: acme/core_utils\n    version: 1.1.0\n"
              "  - name: reporting\n    package: acme/reporting\n    version: 0.5.0\nsha1_hash: ",
              0) == 0);

    // A newer allowed release appears: the lock keeps what was installed until --upgrade.
    f.hub.packages["acme/reporting"]["0.5.0"].first = nlohmann::json::array();
    auto locked = install_packages(f.request());
    REQUIRE(locked.ok());
    CHECK(locked->from_lock);
    CHECK(slurp(f.project / "dbt_packages/core_utils/version.txt") == "1.1.0\n");
    DepsRequest upgrade = f.request();
    upgrade.upgrade = true;
    REQUIRE(install_packages(upgrade).ok());
    CHECK(slurp(f.project / "dbt_packages/core_utils/version.txt") == "1.2.0\n");
}

TEST_CASE("prereleases install only when asked for") {
    Fixture f;
    f.hub.add("acme/core_utils", "1.0.0");
    f.hub.add("acme/core_utils", "1.1.0-rc.1");
    put(f.project / "packages.yml", "packages:\n  - package: acme/core_utils\n    version: "
                                    "\">=1.0.0\"\n    install-prerelease: true\n");
    auto r = install_packages(f.request());
    REQUIRE(r.ok());
    CHECK(r->packages[0].version == "1.1.0-rc.1");
}

TEST_CASE("incompatible ranges and unknown packages are bad input") {
    Fixture f;
    f.hub.add("acme/core_utils", "1.0.0");
    f.hub.add("acme/reporting", "0.5.0", dep("acme/core_utils", ">=3.0.0"));
    put(f.project / "packages.yml",
        "packages:\n  - package: acme/core_utils\n    version: \"<2.0.0\"\n"
        "  - package: acme/reporting\n    version: 0.5.0\n");
    auto conflict = install_packages(f.request());
    REQUIRE_FALSE(conflict.ok());
    CHECK(conflict.error().code == dpipe::core::ExitCode::Usage);
    CHECK(conflict.error().diagnostic.message ==
          "the version constraints on 'acme/core_utils' cannot all hold: <2.0.0, >=3.0.0");

    put(f.project / "packages.yml", "packages:\n  - package: acme/nothing\n    version: 1.0.0\n");
    auto unknown = install_packages(f.request());
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().diagnostic.headline() ==
          "packages.yml:2:5: error: the package hub has no package 'acme/nothing' [DP009]");

    put(f.project / "packages.yml",
        "packages:\n  - package: acme/core_utils\n    version: \">=1.5.0\"\n");
    auto none = install_packages(f.request());
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().diagnostic.message ==
          "no version of 'acme/core_utils' satisfies >=1.5.0 (constraints: >=1.5.0)");
}

TEST_CASE("a malicious tarball is refused and the previous install stays") {
    Fixture f;
    f.hub.add("acme/core_utils", "1.0.0");
    put(f.project / "packages.yml",
        "packages:\n  - package: acme/core_utils\n    version: 1.0.0\n");
    REQUIRE(install_packages(f.request()).ok());
    f.hub.add("acme/evil", "1.0.0", nlohmann::json::array(),
              deps_test::make_tar_gz({{"top/dbt_project.yml", "name: evil\n", '0'},
                                      {"top/../../../escaped.txt", "gotcha", '0'}}));
    put(f.project / "packages.yml", "packages:\n  - package: acme/core_utils\n    version: 1.0.0\n"
                                    "  - package: acme/evil\n    version: 1.0.0\n");
    auto r = install_packages(f.request());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().diagnostic.message == "the tarball of acme/evil 1.0.0 is refused: the archive "
                                          "entry 'top/../../../escaped.txt' climbs out "
                                          "of the package ('..')");
    CHECK(fs::exists(f.project / "dbt_packages/core_utils/version.txt"));
    CHECK_FALSE(fs::exists(f.root / "escaped.txt"));
    CHECK_FALSE(fs::exists(f.project / "escaped.txt"));
}

TEST_CASE("a download that does not match the hub's SHA-1 or cannot be reached is unavailable") {
    Fixture f;
    f.hub.add("acme/core_utils", "1.0.0");
    f.hub.wrong_sha1 = true;
    put(f.project / "packages.yml",
        "packages:\n  - package: acme/core_utils\n    version: 1.0.0\n");
    auto r = install_packages(f.request());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == dpipe::core::ExitCode::Unavailable);
    CHECK(r.error().diagnostic.code == "DP024");

    DepsRequest offline = f.request();
    offline.env = [](const std::string& name) -> std::optional<std::string> {
        return name == "DBT_PACKAGE_HUB_URL" ? std::optional<std::string>("http://127.0.0.1:1")
                                             : std::nullopt;
    };
    auto down = install_packages(offline);
    REQUIRE_FALSE(down.ok());
    CHECK(down.error().code == dpipe::core::ExitCode::Unavailable);
}
