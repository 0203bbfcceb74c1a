#pragma once
// Setup functions of every command; each lives in commands/<name>.cpp.

#include "cli.hpp"

namespace dpipe::cli::commands {

Action setup_version(CLI::App& sub, const GlobalOptions& global);
Action setup_init(CLI::App& sub, const GlobalOptions& global);
Action setup_deps(CLI::App& sub, const GlobalOptions& global);
Action setup_lint(CLI::App& sub, const GlobalOptions& global);
Action setup_ls(CLI::App& sub, const GlobalOptions& global);
Action setup_graph(CLI::App& sub, const GlobalOptions& global);
Action setup_plan(CLI::App& sub, const GlobalOptions& global);
Action setup_test(CLI::App& sub, const GlobalOptions& global);
Action setup_doctor(CLI::App& sub, const GlobalOptions& global);

} // namespace dpipe::cli::commands
