#include "cli.hpp"

#include "commands/commands.hpp"
#include "core/error.hpp"
#include "report/diagnostics.hpp"
#include "util/interrupt.hpp"
#include "util/redact.hpp"
#include "util/strings.hpp"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace dpipe::cli {

const std::vector<Command>& command_table() {
    static const std::vector<Command> k_commands = {
        {"init", "create a new project from a template", &commands::setup_init},
        {"deps", "install packages.yml's packages into dbt_packages/", &commands::setup_deps},
        {"lint", "lint the project: config, graph, SQL, style, governance, secrets", &commands::setup_lint},
        {"ls", "list the project's resources", &commands::setup_ls},
        {"graph", "print the lineage graph, by table or by column", &commands::setup_graph},
        {"plan", "the impact of a change: what changed, what breaks, who owns it", &commands::setup_plan},
        {"test", "build models and run data tests in a throwaway database", &commands::setup_test},
        {"doctor", "check what dpipe finds: project, git, Docker, tokens", &commands::setup_doctor},
        {"version", "print the dpipe version", &commands::setup_version},
    };
    return k_commands;
}

namespace {

bool use_color(const GlobalOptions& g) {
    if (g.color == "always") {
        return true;
    }
    if (g.color == "never" || std::getenv("NO_COLOR") != nullptr) {
        return false;
    }
    return ::isatty(STDERR_FILENO) != 0;
}

// Suggests a command for an unknown word, ninja-style.
int unknown_command(const std::string& word) {
    std::vector<std::string> names;
    for (const auto& c : command_table()) {
        names.emplace_back(c.name);
    }
    std::string hint = util::closest_match(word, names);
    std::cerr << "dpipe: error: unknown command '" << word << "'";
    if (!hint.empty()) {
        std::cerr << ", did you mean '" << hint << "'?";
    }
    std::cerr << "\nRun 'dpipe --help' for the list of commands.\n";
    return static_cast<int>(core::ExitCode::Usage);
}

// -C must name an existing directory: a missing one inside a project must not silently fall
// back to the enclosing project.
void check_directory(const std::string& dir) {
    std::error_code ec;
    if (!dir.empty() && !std::filesystem::is_directory(dir, ec)) {
        throw core::Error(core::ExitCode::Usage, "-C " + dir + ": no such directory");
    }
}

// `rc`, unless what was written to stdout could not all be written (a full disk, a closed
// pipe): then an error naming stdout and exit 2, since a truncated report must not pass.
int checked_stdout(int rc) {
    std::cout.flush();
    if (!std::cout) {
        std::cerr << "dpipe: error: cannot write to stdout\n";
        return static_cast<int>(core::ExitCode::Usage);
    }
    return rc;
}

} // namespace

int run(int argc, char** argv) {
    CLI::App app{"dpipe: list, trace, lint, plan and test dbt-style data pipelines", "dpipe"};
    app.require_subcommand(0, 1);
    app.set_version_flag("--version", std::string(DPIPE_VERSION));
    GlobalOptions global;
    app.add_option("-C", global.directory, "Run as if started in DIR")->option_text("DIR");
    app.add_option("--color", global.color, "Colour output: auto, always or never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    app.add_flag("-q,--quiet", global.quiet, "Print less");
    app.add_flag("-v,--verbose", global.verbose, "Print more");
    app.add_flag("--no-cache", global.no_cache, "Neither read nor write the cache in .dpipe/cache");
    app.add_option("--target", global.target,
                   "Target to use: an output of the dbt profile and/or a dpipe.yaml environment "
                   "(default: the profile's target, else dev)")
        ->option_text("NAME");
    app.add_option("--profiles-dir", global.profiles_dir,
                   "Folder holding profiles.yml (default: $DBT_PROFILES_DIR, the project folder, ~/.dbt)")
        ->option_text("DIR");
    app.fallthrough();

    std::vector<std::pair<CLI::App*, Action>> actions;
    for (const auto& c : command_table()) {
        CLI::App* sub = app.add_subcommand(c.name, c.summary);
        actions.emplace_back(sub, c.setup(*sub, global));
    }

    if (argc >= 2 && argv[1][0] != '-') {
        std::string first = argv[1];
        bool known = false;
        for (const auto& c : command_table()) {
            known = known || first == c.name;
        }
        if (!known) {
            return unknown_command(first);
        }
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return checked_stdout(app.exit(e));
    } catch (const CLI::CallForAllHelp& e) {
        return checked_stdout(app.exit(e));
    } catch (const CLI::CallForVersion& e) {
        return checked_stdout(app.exit(e));
    } catch (const CLI::ParseError& e) {
        std::cerr << "dpipe: error: " << util::redact(e.what())
                  << "\nRun 'dpipe --help' for usage.\n";
        return static_cast<int>(core::ExitCode::Usage);
    }

    for (auto& [sub, action] : actions) {
        if (!sub->parsed()) {
            continue;
        }
        try {
            check_directory(global.directory);
            return checked_stdout(action());
        } catch (const core::Error& e) {
            if (util::interrupted()) {
                // The failure is the interruption's doing; the cleanup watcher ends the run.
                util::wait_for_interrupt_cleanup();
            }
            report::TextStyle style{use_color(global)};
            // Every message may quote a value that holds a secret; render_diagnostics masks its own.
            if (e.diagnostics().empty()) {
                std::cerr << "dpipe: error: " << util::redact(e.what()) << '\n';
            } else {
                std::cerr << report::render_diagnostics(e.diagnostics(), e.sources().get(), style);
            }
            for (const auto& h : e.hints) {
                std::cerr << "hint: " << util::redact(h) << '\n';
            }
            return static_cast<int>(e.exit_code());
        } catch (const std::exception& e) {
            if (util::interrupted()) {
                util::wait_for_interrupt_cleanup();
            }
            std::cerr << "dpipe: internal error: " << util::redact(e.what()) << '\n';
            return static_cast<int>(core::ExitCode::Usage);
        }
    }
    std::cout << app.help();
    return checked_stdout(0);
}

} // namespace dpipe::cli
