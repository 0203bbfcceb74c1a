#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "core/error.hpp"
#include "report/test_report.hpp"
#include "runner/runner.hpp"

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

} // namespace

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
            parse_shard(req->shard, t.shard_index, t.shard_count);
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
