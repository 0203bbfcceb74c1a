#pragma once
// `dpipe init`: writes a new project from the templates compiled into the binary.

#include "util/files.hpp"
#include "util/result.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::scaffold {

struct InitRequest {
    std::string directory;    // created when missing
    std::string project_name; // defaults to the directory's name, made identifier-safe
    std::string example;      // "" for the minimal starter, or the name of a bundled example
    // Writes one file (a seam for tests that make a write fail); empty: util::write_file_atomic.
    std::function<util::Result<bool, util::FileError>(const util::fs::path&, std::string_view)>
        write_file{};
};

struct InitResult {
    std::string project_name;
    std::vector<std::string> written; // project-relative paths, sorted
};

struct InitError {
    std::string message;
};

// The names accepted by InitRequest::example.
std::vector<std::string> bundled_examples();

// Refuses (without writing anything) when the directory already holds a project or any file
// the scaffold would write. Otherwise the project is written whole or not at all: every file is
// first written into a staging folder (beside a new directory, which is then renamed into
// place; inside an existing one, whose files are then moved into place), and on any failure
// everything this call created is removed again, so that init can simply be run again.
util::Result<InitResult, InitError> init_project(const InitRequest& request);

} // namespace dpipe::scaffold
