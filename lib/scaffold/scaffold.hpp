#pragma once
// `dpipe init`: writes a new project from the templates compiled into the binary.

#include "util/result.hpp"

#include <string>
#include <vector>

namespace dpipe::scaffold {

struct InitRequest {
    std::string directory;    // created when missing
    std::string project_name; // defaults to the directory's name, made identifier-safe
    std::string example;      // "" for the minimal starter, or the name of a bundled example
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
// the scaffold would write; otherwise writes every file atomically.
util::Result<InitResult, InitError> init_project(const InitRequest& request);

} // namespace dpipe::scaffold
