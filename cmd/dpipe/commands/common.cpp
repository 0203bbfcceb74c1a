#include "commands/common.hpp"

#include "core/error.hpp"
#include "deps/status.hpp"
#include "git/tree_source.hpp"
#include "load/loader.hpp"
#include "report/diagnostics.hpp"
#include "util/files.hpp"
#include "util/keep_until_exit.hpp"
#include "util/redact.hpp"
#include "util/resources.hpp"

#include <cerrno>
#include <cstring>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include <iostream>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace dpipe::cli::commands {

void add_selection_options(CLI::App& sub, SelectionOptions& opts, bool with_resource_type) {
    sub.add_option("-s,--select", opts.select, "dbt selector(s): name, +name, tag:x, path:...")
        ->option_text("SEL");
    sub.add_option("--exclude", opts.exclude, "Remove nodes matching these selectors")
        ->option_text("SEL");
    if (with_resource_type) {
        sub.add_option("--resource-type", opts.resource_types,
                       "Only these types: model, seed, source, snapshot, test, unit_test, exposure, pipeline, "
                       "analysis, semantic_model, metric, saved_query")
            ->check(CLI::IsMember(graph::node_type_names()));
    }
    sub.add_option("--vars", opts.vars,
                   "Variables as a YAML or JSON mapping ('{key: value}' or 'key: value'), overriding project vars")
        ->option_text("YAML");
}

void add_rev_option(CLI::App& sub, SelectionOptions& opts) {
    sub.add_option("--rev", opts.rev, "Read the project as committed at a git revision (read from git objects)")
        ->option_text("REF");
}

core::Json parse_vars(const std::string& vars) {
    if (vars.find_first_not_of(" \t\r\n") == std::string::npos) {
        return core::Json::object();
    }
    // dbt reads --vars as YAML, of which JSON is a subset: '{key: value}', 'key: value' and
    // '{"key": "value"}' all work. The parser enforces the size, depth and alias limits.
    auto doc = load::parse_yaml(vars, "--vars", load::Limits{});
    if (!doc) {
        core::Error err(core::ExitCode::Usage, "--vars is not valid YAML: " + doc.error().message);
        err.hints.push_back("--vars takes a mapping, e.g. --vars '{start_date: 2024-01-01}'");
        throw err;
    }
    if (!doc->root.is_object()) {
        core::Error err(core::ExitCode::Usage, "--vars must be a mapping of names to values");
        err.hints.push_back("e.g. --vars '{start_date: 2024-01-01}' or --vars 'start_date: 2024-01-01'");
        throw err;
    }
    return std::move(doc->root);
}

std::string profiles_dir(const GlobalOptions& global) {
    if (global.profiles_dir.empty()) {
        return {};
    }
    // Relative to where dpipe runs, which -C moves.
    std::filesystem::path dir = global.profiles_dir;
    if (dir.is_relative() && !global.directory.empty()) {
        dir = std::filesystem::path(global.directory) / dir;
    }
    std::error_code ec;
    dir = std::filesystem::absolute(dir, ec);
    if (!std::filesystem::is_directory(dir, ec)) {
        throw core::Error(core::ExitCode::Usage, "--profiles-dir " + global.profiles_dir + ": no such directory");
    }
    return dir.string();
}

OpenProject open_project(const GlobalOptions& global, const SelectionOptions& opts) {
    OpenProject open;
    std::string root = load::find_project_root(global.directory).string();
    util::WorktreeSource* worktree = nullptr;
    if (opts.rev.empty()) {
        auto source = std::make_unique<util::WorktreeSource>(root);
        worktree = source.get();
        open.source = std::move(source);
    } else {
        auto tree = git::open_tree_source(root, opts.rev);
        if (!tree) {
            throw core::Error(tree.error().kind == git::GitError::Kind::NotARepository ? core::ExitCode::Unavailable
                                                                                : core::ExitCode::Usage,
                              tree.error().message);
        }
        open.source = std::move(*tree);
    }
    if (!global.no_cache) {
        open.cache = std::make_unique<project::Cache>((std::filesystem::path(root) / ".dpipe" / "cache").string());
        auto start = std::chrono::steady_clock::now();
        open.cache->open();
        open.cache_open_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (worktree != nullptr) {
            worktree->set_id_memo(&open.cache->file_ids());
        }
    }
    open.request.source = open.source.get();
    open.request.root = root;
    open.request.cli_vars = parse_vars(opts.vars);
    open.request.target = global.target;
    open.request.profiles_dir = profiles_dir(global);
    open.request.cache = open.cache.get();
    return open;
}

namespace {

// A package that packages.yml lists but that is not installed: one warning each, saying how to
// install it. Only for the working tree (a revision has no installed packages to look at);
// problems of packages.yml itself are `dpipe deps`'s to report.
void warn_uninstalled_packages(const OpenProject& open, project::Snapshot& snapshot) {
    if (snapshot.config_failed || dynamic_cast<const util::WorktreeSource*>(open.source.get()) == nullptr) {
        return;
    }
    auto missing = deps::uninstalled_packages(open.request.root);
    if (!missing) {
        return;
    }
    for (const auto& entry : *missing) {
        core::Diagnostic d;
        d.severity = core::Severity::Warning;
        d.code = "LD064";
        d.loc = entry.loc;
        d.message = "package " + entry.label() + " is listed but not installed: its macros and models are missing";
        d.notes.push_back("run `dpipe deps` (or `dbt deps`) to install the project's packages");
        snapshot.diagnostics.push_back(std::move(d));
    }
    core::sort_diagnostics(snapshot.diagnostics);
}

} // namespace

int finish_project(const GlobalOptions& global, OpenProject&& open, project::Snapshot&& snapshot) {
    warn_uninstalled_packages(open, snapshot);
    auto start = std::chrono::steady_clock::now();
    if (open.cache) {
        std::string why;
        if (!open.cache->save(&why) && global.verbose) {
            std::cerr << "dpipe: note: cache not saved: " << why << '\n';
        }
    }
    // DPIPE_TIMINGS=1: the wall time of every stage, for bench/ and for finding what is slow.
    if (const char* t = std::getenv("DPIPE_TIMINGS"); t != nullptr && std::string_view(t) == "1") {
        std::string line = "dpipe: timings:";
        auto add = [&](const std::string& stage, double seconds) {
            char buf[64];
            std::snprintf(buf, sizeof buf, " %s %.3fs", stage.c_str(), seconds);
            line += buf;
        };
        add("cache-open", open.cache_open_seconds);
        for (const auto& [stage, seconds] : snapshot.timings) {
            add(stage, seconds);
        }
        add("cache-save", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        if (open.cache) {
            auto st = open.cache->stats();
            line += " (cache: " + std::to_string(st.hits) + " hits, " + std::to_string(st.misses) + " misses; files: " +
                    std::to_string(st.record_hits) + " hits, " + std::to_string(st.record_misses) + " misses)";
        }
        line += " peak-rss " + std::to_string(util::peak_rss_bytes() / (1024 * 1024)) + "MB";
        std::cerr << line << '\n';
    }
    std::vector<core::Diagnostic> shown;
    for (const auto& d : snapshot.diagnostics) {
        bool detail = d.severity == core::Severity::Info || project::node_diagnostic(d);
        if (d.severity == core::Severity::Error || (!global.quiet && (!detail || global.verbose))) {
            shown.push_back(d);
        }
    }
    report::TextStyle style{global.color == "always" ||
                            (global.color == "auto" && ::isatty(STDERR_FILENO) && std::getenv("NO_COLOR") == nullptr)};
    std::cerr << report::render_diagnostics(shown, snapshot.project.sources_text.get(), style);
    std::string summary = project::summary_line(snapshot.counts(), global.verbose);
    if (!summary.empty() && !global.quiet) {
        std::cerr << "dpipe: " << summary << '\n';
    }
    int code = snapshot.has_errors() ? static_cast<int>(core::ExitCode::Usage) : 0;
    util::keep_until_exit(std::move(snapshot));
    util::keep_until_exit(std::move(open));
    return code;
}

std::vector<graph::NodeId> select_nodes(const graph::Graph& g, const SelectionOptions& opts) {
    graph::Selection s{opts.select, opts.exclude, opts.resource_types};
    auto r = graph::apply(g, s);
    if (!r) {
        throw core::Error(core::ExitCode::Usage, r.error().message);
    }
    return *r;
}

void emit(std::string text, const std::string& path) {
    util::redact_in_place(text);
    if (path.empty()) {
        // Straight to the descriptor, after anything already buffered, so that a failed write
        // (a full disk, a closed pipe) is seen and reported instead of lost.
        std::cout.flush();
        if (int err = util::write_all(STDOUT_FILENO, text); err != 0 || !std::cout) {
            throw core::Error(core::ExitCode::Usage,
                              std::string("cannot write to stdout: ") +
                                  std::strerror(err != 0 ? err : EIO));
        }
        return;
    }
    auto w = util::write_file_atomic(path, text);
    if (!w) {
        throw core::Error(core::ExitCode::Usage, w.error().message);
    }
}

} // namespace dpipe::cli::commands
