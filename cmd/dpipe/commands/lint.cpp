#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "core/error.hpp"
#include "git/changes.hpp"
#include "lint/engine.hpp"
#include "lint/fix.hpp"
#include "lint/registry.hpp"
#include "plan/plan.hpp"
#include "report/diagnostics.hpp"
#include "report/lint_report.hpp"
#include "util/files.hpp"
#include "util/keep_until_exit.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <unistd.h>

namespace dpipe::cli::commands {

namespace {

const char* const k_rules_uri = "https://github.com/dpipe-dev/dpipe/blob/main/docs/rules/";

bool use_color(const GlobalOptions& global, int fd) {
    return global.color == "always" ||
           (global.color == "auto" && ::isatty(fd) && std::getenv("NO_COLOR") == nullptr);
}

int write_rule_docs(const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(dir, ec);
    auto write = [&](const std::string& name, const std::string& text) {
        auto w = util::write_file_atomic(fs::path(dir) / name, text);
        if (!w) {
            throw core::Error(core::ExitCode::Usage, w.error().message);
        }
    };
    for (const auto& rule : lint::all_rules()) {
        write(rule->info().code + ".md", report::lint_rule_doc(rule->info()));
    }
    write("README.md", report::lint_rules_index());
    return 0;
}

// --changed: plans the change between the merge base with `base` and the working tree as
// `dpipe test --changed` does, and scopes `opts` to what it concerns (plan::files_to_lint). With
// `keep_head`, head keeps its parsed trees, so the caller can lint the run's head snapshot instead
// of loading the working tree once more. When the project cannot be read at the base, the plan
// cannot tell what the change impacts: only the changed files are linted, with a warning.
plan::PlanRun plan_change(const std::string& base, const OpenProject& open, bool keep_head,
                          lint::LintOptions& opts) {
    plan::PlanRequest pr;
    pr.project_dir = open.request.root;
    pr.base = base;
    pr.cli_vars = open.request.cli_vars;
    pr.target = open.request.target;
    pr.profiles_dir = open.request.profiles_dir;
    pr.cache = open.cache.get();
    pr.keep_head_scripts = keep_head;
    auto run = plan::make_plan(pr);
    if (!run) {
        throw core::Error(run.error().no_repository ? core::ExitCode::Unavailable : core::ExitCode::Usage,
                          run.error().message);
    }
    if (run->base.config_failed && !run->base_missing && !run->head.config_failed) {
        std::string why;
        for (const auto& d : run->base.diagnostics) {
            if (d.severity == core::Severity::Error) {
                why = ": " + d.headline();
                break;
            }
        }
        std::cerr << "dpipe: warning: the project cannot be read at the merge base "
                  << run->changes.base_commit.substr(0, 7) << why
                  << "\ndpipe: warning: linting only the changed files, not the models they impact\n";
        // Deleted files are listed too: their findings cannot exist, so they select nothing.
        std::vector<std::string> files;
        for (const auto& c : run->changes.changes) {
            files.push_back(c.path());
        }
        std::sort(files.begin(), files.end());
        opts.changed = std::move(files);
    } else {
        opts.changed = plan::files_to_lint(*run);
    }
    return std::move(*run);
}

} // namespace

Action setup_lint(CLI::App& sub, const GlobalOptions& global) {
    struct Request {
        std::vector<std::string> paths;
        std::string format = "text";
        std::string output;
        bool fix = false;
        bool changed = false;
        std::string base;
        std::vector<std::string> rules;
        std::vector<std::string> exclude_rules;
        bool list_rules = false;
        std::string rule_docs;
    };
    auto req = std::make_shared<Request>();
    sub.add_option("paths", req->paths, "Only report findings in these files or folders")->option_text("PATH...");
    sub.add_option("--format", req->format, "text (default), json, sarif or github")
        ->check(CLI::IsMember({"text", "json", "sarif", "github"}));
    sub.add_option("-o,--output", req->output, "Write the report to FILE instead of stdout")->option_text("FILE");
    sub.add_flag("--fix", req->fix, "Apply the safe fixes, then report what remains");
    sub.add_flag("--changed", req->changed,
                 "Only what changed since the merge base with --base, and the models downstream of it");
    sub.add_option("--base", req->base, "Base revision for --changed (default: the default branch)")->option_text("REF");
    sub.add_option("--rule", req->rules, "Run only this rule (code or name; repeatable)")->option_text("RULE");
    sub.add_option("--exclude-rule", req->exclude_rules, "Do not run this rule (repeatable)")->option_text("RULE");
    sub.add_flag("--list-rules", req->list_rules, "List every rule and exit");
    sub.add_option("--rule-docs", req->rule_docs, "Write the rule documentation (Markdown) into DIR and exit")
        ->option_text("DIR");
    return [req, &global] {
        if (req->list_rules) {
            emit(report::lint_rules_text(), req->output);
            return 0;
        }
        if (!req->rule_docs.empty()) {
            return write_rule_docs(req->rule_docs);
        }
        if (!req->base.empty() && !req->changed) {
            throw core::Error(core::ExitCode::Usage, "--base needs --changed");
        }
        SelectionOptions selection;
        auto open = open_project(global, selection);
        open.request.keep_scripts = true; // the SQL rules and column lineage read the parse stage's trees
        const std::string& root = open.request.root;
        lint::LintOptions opts;
        opts.only_rules = req->rules;
        opts.exclude_rules = req->exclude_rules;
        std::string cwd = std::filesystem::current_path().string();
        for (const auto& p : req->paths) {
            auto rel = lint::project_path(root, cwd, p);
            if (!rel) {
                throw core::Error(core::ExitCode::Usage, p + ": not inside the project at " + root);
            }
            if (!rel->empty() && !open.source->is_file(*rel) && !open.source->is_directory(*rel)) {
                throw core::Error(core::ExitCode::Usage, p + ": no such file or folder");
            }
            opts.paths.push_back(*rel);
        }
        if (std::find(opts.paths.begin(), opts.paths.end(), "") != opts.paths.end()) {
            opts.paths.clear(); // the project folder itself: everything
        }
        std::optional<plan::PlanRun> planned;
        if (req->changed) {
            planned = plan_change(req->base, open, !req->fix, opts);
        }

        project::Snapshot snapshot;
        lint::LintResult result;
        lint::FixReport fixes;
        if (req->fix) {
            auto fr = lint::fix_project(open.request, root, opts);
            snapshot = std::move(fr.snapshot);
            result = std::move(fr.result);
            fixes = std::move(fr.report);
        } else {
            std::optional<project::ColumnLineage> lineage;
            if (planned) {
                // The plan loaded the working tree (with the parsed trees) and traced it: lint that.
                snapshot = std::move(planned->head);
                lineage = std::move(planned->head_lineage);
            } else {
                snapshot = project::build(open.request);
            }
            if (!snapshot.config_failed) {
                result = lint::Engine::run(snapshot, *open.source, opts, std::move(lineage));
            }
        }
        if (snapshot.config_failed) {
            return finish_project(global, std::move(open), std::move(snapshot)); // nothing was loaded: print only why
        }
        if (open.cache) {
            open.cache->save(nullptr);
        }
        report::TextStyle err_style{use_color(global, STDERR_FILENO)};
        if (!result.config_errors.empty()) {
            std::cerr << report::render_diagnostics(result.config_errors, snapshot.project.sources_text.get(), err_style);
            return static_cast<int>(core::ExitCode::Usage);
        }
        std::cerr << report::lint_fix_text(fixes);
        std::string text;
        if (req->format == "json") {
            text = report::lint_json(result);
        } else if (req->format == "sarif") {
            text = report::lint_sarif(result, snapshot.project.sources_text.get(), DPIPE_VERSION, k_rules_uri);
        } else if (req->format == "github") {
            auto gh = report::lint_github(result);
            text = gh.commands;
            if (const char* path = std::getenv("GITHUB_STEP_SUMMARY"); path != nullptr && *path != '\0') {
                std::ofstream f(path, std::ios::app);
                f << gh.summary;
                if (!f) {
                    std::cerr << "dpipe: warning: cannot append to $GITHUB_STEP_SUMMARY (" << path << ")\n";
                }
            }
        } else {
            report::TextStyle style{req->output.empty() && use_color(global, STDOUT_FILENO)};
            text = report::lint_text(result, snapshot.project.sources_text.get(), style);
        }
        emit(std::move(text), req->output);
        bool errors = std::any_of(result.findings.begin(), result.findings.end(),
                                  [](const lint::Reported& r) { return r.severity == core::Severity::Error; });
        // The command ends here: its large results are not freed one by one.
        util::keep_until_exit(std::move(result));
        util::keep_until_exit(std::move(snapshot));
        util::keep_until_exit(std::move(open));
        if (planned) {
            util::keep_until_exit(std::move(*planned));
        }
        return errors ? static_cast<int>(core::ExitCode::Findings) : 0;
    };
}

} // namespace dpipe::cli::commands
