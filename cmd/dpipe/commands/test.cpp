#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "core/error.hpp"
#include "report/test_report.hpp"
#include "runner/runner.hpp"

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace dpipe::cli::commands {

Action setup_test(CLI::App& sub, const GlobalOptions& global) {
    struct Request {
        SelectionOptions selection;
        runner::TestRequest test;
        std::string shard;
        std::string format = "text";
        std::string junit;
        std::string output;
    };
    auto req = std::make_shared<Request>();
    add_selection_options(sub, req->selection, false);
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
            unsigned i = 0, n = 0;
            char extra = 0;
            if (std::sscanf(req->shard.c_str(), "%u/%u%c", &i, &n, &extra) != 2) {
                throw core::Error(core::ExitCode::Usage, "--shard must look like I/N, e.g. 1/4");
            }
            t.shard_index = i;
            t.shard_count = n;
        }
        bool text = req->format == "text";
        bool live = text && !global.quiet;
        runner::Progress progress;
        if (live) {
            progress = [](const runner::StepResult& r, std::size_t done, std::size_t total) {
                std::cerr << report::test_progress_line(r, done, total) << std::flush;
            };
        }
        auto summary = runner::run_tests(t, progress);
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
