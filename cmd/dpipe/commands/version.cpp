#include "commands/commands.hpp"

#include <iostream>

namespace dpipe::cli::commands {

Action setup_version(CLI::App& sub, const GlobalOptions&) {
    return [] {
        std::cout << "dpipe " << DPIPE_VERSION << '\n';
        return 0;
    };
}

} // namespace dpipe::cli::commands
