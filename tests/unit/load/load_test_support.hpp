#pragma once
// Helpers for lib/load tests: a temporary project directory written from (path, content) pairs.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace dpipe::load::testing {

class TempProject {
public:
    TempProject() {
        std::random_device rd;
        m_root = std::filesystem::temp_directory_path() / ("dpipe_load_test_" + std::to_string(rd()));
        std::filesystem::create_directories(m_root);
        // Keep the user-level config of whoever runs the tests out of the way.
        std::filesystem::create_directories(m_root / ".xdg");
        ::setenv("XDG_CONFIG_HOME", (m_root / ".xdg").c_str(), 1);
    }
    ~TempProject() {
        std::error_code ec;
        std::filesystem::remove_all(m_root, ec);
    }
    TempProject(const TempProject&) = delete;
    TempProject& operator=(const TempProject&) = delete;

    const std::filesystem::path& root() const { return m_root; }

    void write(const std::string& rel, const std::string& content) const {
        auto p = m_root / rel;
        std::filesystem::create_directories(p.parent_path());
        std::ofstream out(p, std::ios::binary);
        out << content;
    }

private:
    std::filesystem::path m_root;
};

} // namespace dpipe::load::testing
