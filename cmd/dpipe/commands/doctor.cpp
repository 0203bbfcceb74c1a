#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "core/error.hpp"
#include "docker/client.hpp"
#include "engine/version.hpp"
#include "git/repo.hpp"
#include "load/loader.hpp"
#include "net/version.hpp"

#include <filesystem>
#include <iostream>

namespace dpipe::cli::commands {

namespace {

void line(const std::string& what, bool ok, const std::string& detail) {
    std::cout << (ok ? "  ok    " : "  --    ") << what << ": " << detail << '\n';
}

// Loads the project and prints one line about it; false when it cannot be loaded cleanly.
bool check_project(const std::string& start, const GlobalOptions& global) {
    std::filesystem::path root;
    try {
        root = load::find_project_root(start);
    } catch (const core::Error& e) {
        line("project", false, e.what());
        return false;
    }
    load::LoadOptions options;
    options.target = global.target;
    options.profiles_dir = profiles_dir(global);
    auto loaded = load::load_worktree(start, options);
    const auto& p = loaded.project;
    std::vector<const core::Diagnostic*> errors;
    for (const auto& d : loaded.diagnostics) {
        if (d.severity == core::Severity::Error) {
            errors.push_back(&d);
        }
    }
    if (!errors.empty()) {
        line("project", false,
             errors[0]->headline() + (errors.size() > 1 ? " (+" + std::to_string(errors.size() - 1) + " more)" : ""));
        return false;
    }
    line("project", true,
         p.name + " at " + root.string() + " (" + p.config_file + ", " + std::to_string(p.models.size()) +
             " models, " + std::to_string(p.sources.size()) + " sources, " + std::to_string(p.seeds.size()) +
             " seeds, dialect " + p.dialect + ")");
    const auto& t = p.target;
    line("target", !t.profile_name.empty(),
         t.profile_name.empty() ? t.name + " (no dbt profile: dialect from " +
                                      (p.has_dpipe_yaml ? std::string("dpipe.yaml or the default") : std::string("the default")) + ")"
                                : t.name + " of profile " + t.profile_name + " in " + t.profiles_file + " (type " +
                                      (t.type.empty() ? std::string("not set") : t.type) + ", schema " +
                                      (t.schema.empty() ? std::string("not set") : t.schema) + ")");
    return true;
}

} // namespace

Action setup_doctor(CLI::App& sub, const GlobalOptions& global) {
    return [&global] {
        std::string start = global.directory.empty() ? std::filesystem::current_path().string()
                                                     : global.directory;
        std::cout << "dpipe " << DPIPE_VERSION << '\n';
        bool project_ok = check_project(start, global);
        std::string git_error;
        auto repo = git::discover(start, &git_error);
        if (repo) {
            line("git", true,
                 "repository at " + repo->workdir + ", " +
                     (repo->detached ? "detached HEAD" : "branch " + repo->branch) +
                     (repo->head.empty() ? ", no commits yet" : ", HEAD " + repo->head.substr(0, 12)) +
                     " (libgit2 " + git::library_version() + ")");
        } else {
            line("git", false, git_error.empty() ? "not inside a git repository" : git_error);
        }
        const std::string curl = " (libcurl " + net::curl_version() + ")";
        try {
            auto client = docker::Client::from_env();
            auto v = client->ping();
            line("docker", true, client->describe() + ", API " + v.str() + curl);
        } catch (const std::exception& e) {
            line("docker", false, e.what() + curl);
        }
        line("sqlite", true, "embedded " + engine::sqlite_version());
        line("libpq", true, "version " + engine::libpq_version());
        for (const char* name : {"GITHUB_TOKEN", "DPIPE_TEST_DSN", "DOCKER_HOST"}) {
            const char* v = std::getenv(name);
            line(name, v != nullptr && *v != '\0', v != nullptr && *v != '\0' ? "set" : "not set");
        }
        return project_ok ? 0 : static_cast<int>(core::ExitCode::Usage);
    };
}

} // namespace dpipe::cli::commands
