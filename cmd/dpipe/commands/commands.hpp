#pragma once
// Setup functions of every command; each lives in commands/<name>.cpp.

#include "cli.hpp"

namespace dpipe::cli::commands {

Action setup_version(CLI::App& sub, const GlobalOptions& global);

} // namespace dpipe::cli::commands
