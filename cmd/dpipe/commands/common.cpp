#include "commands/common.hpp"

#include "core/error.hpp"
#include "report/diagnostics.hpp"
#include "util/files.hpp"
#include "util/redact.hpp"

#include <cerrno>
#include <cstring>

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
                       "Only these types: model, seed, source, snapshot, test, unit_test, exposure, pipeline")
            ->check(CLI::IsMember({"model", "seed", "source", "snapshot", "test", "unit_test",
                                   "exposure", "pipeline"}));
    }
    sub.add_option("--vars", opts.vars, "Variables as a JSON object, overriding project vars")
        ->option_text("JSON");
}

graph::CompiledProject compile(const GlobalOptions& global, const std::string& vars) {
    graph::CompileOptions opts;
    opts.start_dir = global.directory;
    if (!vars.empty()) {
        auto parsed = nlohmann::ordered_json::parse(vars, nullptr, false);
        if (parsed.is_discarded() || !parsed.is_object()) {
            throw core::Error(core::ExitCode::Usage,
                              "--vars must be a JSON object, e.g. --vars '{\"start_date\": \"2024-01-01\"}'");
        }
        opts.cli_vars = parsed;
    }
    auto compiled = graph::compile_project(opts);
    if (!global.quiet) {
        std::vector<core::Diagnostic> shown;
        for (const auto& d : compiled.diagnostics) {
            if (d.severity == core::Severity::Warning || global.verbose) {
                shown.push_back(d);
            }
        }
        report::TextStyle style{global.color == "always" ||
                                (global.color == "auto" && ::isatty(STDERR_FILENO) &&
                                 std::getenv("NO_COLOR") == nullptr)};
        std::cerr << report::render_diagnostics(shown, compiled.project.sources_text.get(), style);
    }
    return compiled;
}

std::vector<graph::NodeId> select_nodes(const graph::Graph& g, const SelectionOptions& opts) {
    graph::Selection s{opts.select, opts.exclude, opts.resource_types};
    auto r = graph::apply(g, s);
    if (!r) {
        throw core::Error(core::ExitCode::Usage, r.error().message);
    }
    return *r;
}

void emit(const std::string& text, const std::string& path) {
    std::string safe = util::redact(text);
    if (path.empty()) {
        // Straight to the descriptor, after anything already buffered, so that a failed write
        // (a full disk, a closed pipe) is seen and reported instead of lost.
        std::cout.flush();
        if (int err = util::write_all(STDOUT_FILENO, safe); err != 0 || !std::cout) {
            throw core::Error(core::ExitCode::Usage,
                              std::string("cannot write to stdout: ") +
                                  std::strerror(err != 0 ? err : EIO));
        }
        return;
    }
    auto w = util::write_file_atomic(path, safe);
    if (!w) {
        throw core::Error(core::ExitCode::Usage, w.error().message);
    }
}

} // namespace dpipe::cli::commands
