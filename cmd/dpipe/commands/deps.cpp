#include "commands/commands.hpp"
#include "core/error.hpp"
#include "core/source_registry.hpp"
#include "deps/install.hpp"
#include "load/loader.hpp"
#include "net/http.hpp"
#include "report/diagnostics.hpp"
#include "util/files.hpp"

#include <filesystem>
#include <iostream>
#include <memory>

namespace dpipe::cli::commands {

namespace {

struct DepsOptions {
    bool lock_only = false;
    bool upgrade = false;
};

const char* kind_name(deps::PackageKind kind) {
    switch (kind) {
    case deps::PackageKind::Hub:
        return "hub";
    case deps::PackageKind::Git:
        return "git";
    case deps::PackageKind::Local:
        return "local";
    }
    return "";
}

// The spec files' texts, so diagnostics located in them show the line.
std::shared_ptr<core::SourceRegistry> spec_sources(const std::filesystem::path& root) {
    auto sources = std::make_shared<core::SourceRegistry>();
    for (const char* name :
         {"packages.yml", "dependencies.yml", "package-lock.yml", "dbt_project.yml"}) {
        if (auto text = util::read_file(root / name, 1 << 20)) {
            sources->add(name, std::move(*text));
        }
    }
    return sources;
}

} // namespace

Action setup_deps(CLI::App& sub, const GlobalOptions& global) {
    auto opts = std::make_shared<DepsOptions>();
    sub.add_flag("--lock", opts->lock_only,
                 "Resolve and write package-lock.yml without installing");
    sub.add_flag("--upgrade", opts->upgrade,
                 "Ignore package-lock.yml and resolve the newest allowed versions");
    return [opts, &global] {
        std::filesystem::path root =
            load::find_project_root(global.directory.empty() ? "." : global.directory);
        net::Options http_options;
        http_options.max_body_bytes = std::size_t{64} << 20;
        net::CurlClient http(http_options);
        deps::DepsRequest request;
        request.project_dir = root;
        request.lock_only = opts->lock_only;
        request.upgrade = opts->upgrade;
        request.http = &http;
        auto result = deps::install_packages(request);
        if (!result) {
            throw core::Error(result.error().code, result.error().diagnostic.message,
                              {result.error().diagnostic})
                .with_sources(spec_sources(root));
        }
        if (!result->warnings.empty()) {
            std::cerr << report::render_diagnostics(result->warnings, spec_sources(root).get(),
                                                    report::TextStyle{});
        }
        if (result->spec_file.empty()) {
            if (!global.quiet) {
                std::cout << "No packages.yml or dependencies.yml: no packages to install\n";
            }
            return 0;
        }
        if (global.quiet) {
            return 0;
        }
        std::size_t n = result->packages.size();
        if (n == 0) {
            std::cout << result->spec_file << " lists no packages: nothing to install\n";
            return 0;
        }
        std::string count = std::to_string(n) + (n == 1 ? " package" : " packages");
        if (opts->lock_only) {
            std::cout << "Resolved " << count << " (nothing installed)\n";
        } else {
            std::cout << "Installed " << count << " into " << result->install_path << "/"
                      << (result->from_lock ? " as package-lock.yml says" : "") << "\n";
        }
        for (const auto& p : result->packages) {
            std::cout << "  " << p.name << (p.version.empty() ? "" : " " + p.version) << "  ("
                      << kind_name(p.kind) << " " << p.source << ")\n";
        }
        if (result->lock_written) {
            std::cout << "Wrote package-lock.yml\n";
        }
        return 0;
    };
}

} // namespace dpipe::cli::commands
