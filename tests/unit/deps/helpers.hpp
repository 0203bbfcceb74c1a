#pragma once
// Shared by the deps tests: temp folders, files, shell commands, and .tar.gz archives built in
// memory (so the tests need no tar or gzip program).

#include <filesystem>
#include <string>
#include <vector>

namespace deps_test {

namespace fs = std::filesystem;

fs::path temp_dir();
void put(const fs::path& file, const std::string& text);
std::string slurp(const fs::path& file);
// Runs `cmd` in `dir` (quiet); its exit status.
int sh(const fs::path& dir, const std::string& cmd);
// Runs `cmd` in `dir`; its trimmed stdout (the command must succeed).
std::string sh_out(const fs::path& dir, const std::string& cmd);

struct TarEntry {
    std::string name;
    std::string body;
    char type = '0'; // '0' file, '5' folder, '2' symlink (body = target)
};
std::string make_tar_gz(const std::vector<TarEntry>& entries);

// A dbt package folder: dbt_project.yml with `name`, a macro, and packages.yml when given.
void make_package(const fs::path& dir, const std::string& name,
                  const std::string& packages_yml = "");

} // namespace deps_test
