#include "commands/commands.hpp"
#include "core/error.hpp"
#include "scaffold/scaffold.hpp"

#include <iostream>
#include <memory>

namespace dpipe::cli::commands {

Action setup_init(CLI::App& sub, const GlobalOptions& global) {
    auto req = std::make_shared<scaffold::InitRequest>();
    sub.add_option("dir", req->directory, "Directory of the new project (default: current)");
    sub.add_option("--name", req->project_name, "Project name (default: the directory's name)");
    sub.add_option("--example", req->example, "Start from a bundled example instead: shop")
        ->check(CLI::IsMember(scaffold::bundled_examples()));
    return [req, &global] {
        auto r = scaffold::init_project(*req);
        if (!r) {
            throw core::Error(core::ExitCode::Usage, r.error().message);
        }
        if (!global.quiet) {
            std::string dir = req->directory.empty() ? "." : req->directory;
            std::cout << "Created project '" << r->project_name << "' in " << dir << " ("
                      << r->written.size() << " files)\n";
            std::cout << "Next: dpipe ls -C " << dir << "\n";
        }
        return 0;
    };
}

} // namespace dpipe::cli::commands
