// Data-driven test over tests/fixtures/load/bad/<case>/: each case is a tiny project that must
// fail to load; expected.txt holds the exact headline of the first diagnostic. An optional
// options.txt sets limits ("max_file_bytes=128").

#include "core/error.hpp"
#include "load/loader.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace dpipe;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string trim_newlines(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) {
        s.pop_back();
    }
    return s;
}

} // namespace

TEST_CASE("every bad project gives its expected first diagnostic", "[load][corpus]") {
    fs::path dir = fs::path(DPIPE_FIXTURES) / "load" / "bad";
    fs::path xdg = fs::temp_directory_path() / "dpipe_load_corpus_xdg";
    fs::create_directories(xdg);
    ::setenv("XDG_CONFIG_HOME", xdg.c_str(), 1);
    std::vector<fs::path> cases;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.is_directory()) {
            cases.push_back(e.path());
        }
    }
    std::sort(cases.begin(), cases.end());
    REQUIRE(cases.size() >= 20);
    for (const auto& c : cases) {
        INFO("case " << c.filename().string());
        REQUIRE(fs::exists(c / "expected.txt"));
        load::LoadOptions opts;
        if (fs::exists(c / "options.txt")) {
            std::istringstream in(slurp(c / "options.txt"));
            std::string line;
            while (std::getline(in, line)) {
                if (line.rfind("max_file_bytes=", 0) == 0) {
                    opts.limits.max_file_bytes = std::stoull(line.substr(15));
                }
            }
        }
        std::string expected = trim_newlines(slurp(c / "expected.txt"));
        auto r = load::load_worktree(c.string(), opts);
        const core::Diagnostic* first = nullptr;
        for (const auto& d : r.diagnostics) {
            if (d.severity == core::Severity::Error) {
                first = &d;
                break;
            }
        }
        REQUIRE(first != nullptr);
        CHECK(first->headline() == expected);
    }
}
