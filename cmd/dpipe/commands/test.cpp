#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "core/error.hpp"
#include "git/changes.hpp"
#include "plan/plan.hpp"
#include "report/test_report.hpp"
#include "runner/runner.hpp"
#include "util/keep_until_exit.hpp"

#include <cstdint>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace dpipe::cli::commands {

namespace {

// A decimal number of at most 10 digits, no sign or blanks; nullopt otherwise.
std::optional<std::uint64_t> parse_count(std::string_view s) {
    if (s.empty() || s.size() > 10) {
        return std::nullopt;
    }
    std::uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return v;
}

// --shard I/N with 1 <= I <= N <= the largest unsigned; anything else is a usage error.
void parse_shard(const std::string& text, unsigned& index, unsigned& count) {
    constexpr std::uint64_t k_max = std::numeric_limits<unsigned>::max();
    const std::string range = "1 <= I <= N <= " + std::to_string(k_max);
    auto slash = text.find('/');
    if (slash == std::string::npos) {
        throw core::Error(core::ExitCode::Usage,
                          "--shard must look like I/N, e.g. 1/4 (" + range + "), not '" + text + "'");
    }
    auto i = parse_count(std::string_view(text).substr(0, slash));
    auto n = parse_count(std::string_view(text).substr(slash + 1));
    if (!i || !n || *i < 1 || *n > k_max || *i > *n) {
        throw core::Error(core::ExitCode::Usage,
                          "--shard '" + text + "' is out of range: it must be I/N with " + range);
    }
    index = static_cast<unsigned>(*i);
    count = static_cast<unsigned>(*n);
}

struct ChangedOptions {
    bool changed = false;
    std::string base;
    std::string head;
};

// --changed: narrows the run to what plan::nodes_to_test lists for the change between the merge
// base and head; with --head REF the run reads the project (models, seeds) at that revision.
// Returns "" when there is something to run, else the sentence saying that nothing a build sees
// changed.
std::string narrow_to_change(const GlobalOptions& global, const ChangedOptions& changed,
                             OpenProject& open, runner::TestRequest& t) {
    plan::PlanRequest pr;
    pr.project_dir = open.request.root;
    pr.base = changed.base;
    pr.head = changed.head;
    pr.cli_vars = open.request.cli_vars;
    pr.target = open.request.target;
    pr.profiles_dir = open.request.profiles_dir;
    pr.cache = open.cache.get();
    auto run = plan::make_plan(pr);
    if (!run) {
        throw core::Error(run.error().no_repository ? core::ExitCode::Unavailable
                                                    : core::ExitCode::Usage,
                          run.error().message);
    }
    const plan::Plan& p = run->plan;
    std::string since = "since " + p.base_ref + " (merge base " + p.base_commit.substr(0, 7) + ")";
    std::vector<std::string> ids = plan::nodes_to_test(p);
    if (ids.empty()) {
        std::string nothing = "No change to build or test " + since +
                              (p.changes.empty() ? "." : ": only metadata changed.");
        util::keep_until_exit(std::move(*run));
        return nothing;
    }
    if (!changed.head.empty()) {
        auto head = git::open_head_source(run->changes);
        if (!head) {
            throw core::Error(core::ExitCode::Usage, head.error().message);
        }
        open.source = std::move(*head);
        open.request.source = open.source.get();
    }
    if (!global.quiet) {
        std::size_t built = p.changes.size() - p.count(plan::ChangeKind::Removed) -
                            p.count(plan::Classification::Metadata);
        std::cerr << "dpipe: testing the change " << since << " to "
                  << (p.working_tree ? "the working tree" : p.head_ref) << ": " << built
                  << " changed, " << p.impacted.size() << " downstream\n";
    }
    t.only = std::move(ids);
    util::keep_until_exit(std::move(*run));
    return {};
}

} // namespace

Action setup_test(CLI::App& sub, const GlobalOptions& global) {
    struct Request {
        SelectionOptions selection;
        runner::TestRequest test;
        std::string shard;
        std::string format = "text";
        std::string junit;
        std::string output;
        ChangedOptions changed;
    };
    auto req = std::make_shared<Request>();
    add_selection_options(sub, req->selection, false);
    auto* changed = sub.add_flag(
        "--changed", req->changed.changed,
        "Only what changed since the merge base with --base, and everything downstream of it");
    sub.add_option("--base", req->changed.base,
                   "Base revision for --changed (default: the default branch)")
        ->option_text("REF")
        ->needs(changed);
    sub.add_option("--head", req->changed.head,
                   "Head revision for --changed (default: the working tree)")
        ->option_text("REF")
        ->needs(changed);
    sub.add_option("--engine", req->test.engine, "auto, docker, sqlite or postgres (DPIPE_TEST_DSN)")
        ->check(CLI::IsMember({"auto", "docker", "sqlite", "postgres"}));
    sub.add_option("--image", req->test.image, "Database image for the docker engine")->option_text("IMG");
    sub.add_option("-j,--jobs", req->test.jobs, "Parallel connections")->check(CLI::Range(1, 64));
    sub.add_option("--shard", req->shard, "Run shard I of N (e.g. 2/4), split deterministically")
        ->option_text("I/N");
    sub.add_flag("--fail-fast", req->test.fail_fast, "Stop at the first failure");
    sub.add_flag("--keep", req->test.keep, "Leave the database running and print how to connect");
    sub.add_option("--format", req->format, "text or json")->check(CLI::IsMember({"text", "json"}));
    sub.add_option("--junit", req->junit, "Also write JUnit XML to FILE")->option_text("FILE");
    sub.add_option("-o,--output", req->output, "Write the report to FILE")->option_text("FILE");
    return [req, &global] {
        auto& t = req->test;
        auto open = open_project(global, req->selection);
        t.project = open.request;
        t.selection = {req->selection.select, req->selection.exclude, {}};
        if (!req->shard.empty()) {
            parse_shard(req->shard, t.shard_index, t.shard_count);
        }
        bool text = req->format == "text";
        std::string nothing;
        if (req->changed.changed) {
            nothing = narrow_to_change(global, req->changed, open, t);
        }
        if (!nothing.empty()) {
            // Nothing to run: the sentence, or an empty report for JSON and JUnit readers.
            if (open.cache) {
                open.cache->save();
            }
            runner::RunSummary none;
            emit(text ? nothing + "\n" : report::test_json(none), req->output);
            if (!req->junit.empty()) {
                emit(report::test_junit(none), req->junit);
            }
            return 0;
        }
        t.project = open.request;
        bool live = text && !global.quiet;
        runner::Progress progress;
        if (live) {
            progress = [](const runner::StepResult& r, std::size_t done, std::size_t total) {
                std::cerr << report::test_progress_line(r, done, total) << std::flush;
            };
        }
        auto summary = runner::run_tests(t, progress);
        if (open.cache) {
            open.cache->save(); // an optimisation: a folder that cannot be written is no error
        }
        if (live) {
            std::cerr << "engine: " << summary.engine
                      << (summary.engine_note.empty() ? "" : " (" + summary.engine_note + ")") << '\n';
        }
        emit(text ? report::test_summary_text(summary) : report::test_json(summary), req->output);
        if (!req->junit.empty()) {
            emit(report::test_junit(summary), req->junit);
        }
        return summary.ok() ? 0 : static_cast<int>(core::ExitCode::Findings);
    };
}

} // namespace dpipe::cli::commands
