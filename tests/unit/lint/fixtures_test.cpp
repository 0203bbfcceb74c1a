// The fixture projects of the SQL, style and security rules: tests/lint/<CODE>/<case>/ is a small
// project, `expected.txt` lists the findings of rule CODE as `path:line:col CODE` (empty: none)
// and an optional `lint.yaml` holds the `lint:` configuration for the case (`rules: {CODE: ...}`:
// a severity word or `off`, or a mapping of options and `severity`).

#include "harness.hpp"
#include "load/document.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace dpipe;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool mine(const std::string& code) {
    return code.rfind("SQ", 0) == 0 || code.rfind("ST", 0) == 0 || code.rfind("SC", 0) == 0;
}

// Options and whether the rule runs, from lint.yaml; the rule's default otherwise.
bool configure(const fs::path& dir, const std::string& code, core::Json& options) {
    bool enabled = lint::test::rule(code).info().default_enabled;
    if (!fs::exists(dir / "lint.yaml")) {
        return enabled;
    }
    auto doc = load::parse_yaml(slurp(dir / "lint.yaml"), "lint.yaml", load::Limits{});
    REQUIRE(doc.ok());
    const core::Json& root = doc.value().root;
    if (!root.contains("rules") || !root["rules"].contains(code)) {
        return enabled;
    }
    const core::Json& r = root["rules"][code];
    if (r.is_string()) {
        return r.get<std::string>() != "off";
    }
    if (r.is_boolean()) {
        return r.get<bool>();
    }
    enabled = true; // a rule given options is wanted, unless they say otherwise
    for (auto it = r.begin(); it != r.end(); ++it) {
        if (it.key() == "severity") {
            enabled = it.value().get<std::string>() != "off";
        } else if (it.key() == "enabled") {
            enabled = it.value().get<bool>();
        } else {
            options[it.key()] = it.value();
        }
    }
    return enabled;
}

} // namespace

TEST_CASE("fixture projects of the SQL, style and security rules") {
    const fs::path root = fs::path(DPIPE_SOURCE_DIR) / "tests" / "lint";
    REQUIRE(fs::is_directory(root));
    int cases = 0;
    std::vector<fs::path> dirs;
    for (const auto& code_dir : fs::directory_iterator(root)) {
        if (code_dir.is_directory() && mine(code_dir.path().filename().string())) {
            for (const auto& c : fs::directory_iterator(code_dir.path())) {
                if (c.is_directory()) {
                    dirs.push_back(c.path());
                }
            }
        }
    }
    std::sort(dirs.begin(), dirs.end());
    for (const auto& dir : dirs) {
        const std::string code = dir.parent_path().filename().string();
        INFO(code << "/" << dir.filename().string());
        std::map<std::string, std::string> files;
        for (const auto& e : fs::recursive_directory_iterator(dir)) {
            std::string rel = fs::relative(e.path(), dir).generic_string();
            if (e.is_regular_file() && rel != "expected.txt" && rel != "lint.yaml") {
                files[rel] = slurp(e.path());
            }
        }
        std::vector<std::string> expected;
        std::istringstream lines(slurp(dir / "expected.txt"));
        for (std::string line; std::getline(lines, line);) {
            if (!line.empty()) {
                expected.push_back(line);
            }
        }
        core::Json options = core::Json::object();
        const bool enabled = configure(dir, code, options);
        std::vector<std::string> got;
        if (enabled) {
            lint::test::Harness h(files);
            for (const auto& w : h.where(code, options)) {
                got.push_back(w + " " + code);
            }
        }
        std::sort(expected.begin(), expected.end());
        std::sort(got.begin(), got.end());
        CHECK(got == expected);
        ++cases;
    }
    CHECK(cases >= 50);
}

TEST_CASE("every SQL, style and security rule has a failing and a passing fixture and its documentation") {
    const fs::path root = fs::path(DPIPE_SOURCE_DIR) / "tests" / "lint";
    for (const char* prefix : {"SQ", "ST", "SC"}) {
        for (int n = 1; n < 1000; ++n) {
            const std::string digits = std::to_string(n);
            const std::string code = prefix + std::string(3 - digits.size(), '0') + digits;
            const lint::Rule* r = nullptr;
            try {
                r = &lint::test::rule(code);
            } catch (const std::exception&) {
                break;
            }
            INFO(code);
            const auto& i = r->info();
            CHECK(fs::exists(root / code / "pass" / "expected.txt"));
            CHECK(fs::exists(root / code / "fail" / "expected.txt"));
            CHECK_FALSE(i.summary.empty());
            CHECK(i.summary.back() != '.');
            CHECK(i.anti_pattern.find("```") != std::string::npos);
            CHECK(i.best_practice.find("```") != std::string::npos);
            CHECK(i.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz-") == std::string::npos);
        }
    }
}
