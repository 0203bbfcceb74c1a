#pragma once
// The command-line front end: one table of commands, one place that maps errors to exit codes.

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace dpipe::cli {

// Options every command sees.
struct GlobalOptions {
    std::string directory;     // -C DIR
    std::string color = "auto"; // auto | always | never
    bool quiet = false;
    bool verbose = false;
    bool no_cache = false; // --no-cache: neither read nor write .dpipe/cache
    std::string target;       // --target NAME: profile output and dpipe.yaml environment
    std::string profiles_dir; // --profiles-dir DIR: where profiles.yml is
};

// A command wires its CLI11 options into a request and returns the action that runs it.
// The action returns the process exit code; errors are thrown as core::Error.
using Action = std::function<int()>;
struct Command {
    const char* name;
    const char* summary;
    Action (*setup)(CLI::App& sub, const GlobalOptions& global);
};

// The registered commands, in help order.
const std::vector<Command>& command_table();

int run(int argc, char** argv);

} // namespace dpipe::cli
