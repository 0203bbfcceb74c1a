#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "core/error.hpp"
#include "project/columns.hpp"
#include "report/column_report.hpp"
#include "report/diagnostics.hpp"
#include "report/graph_report.hpp"
#include "util/keep_until_exit.hpp"

#include <ctime>
#include <iostream>
#include <memory>

namespace dpipe::cli::commands {

namespace {

std::string utc_now() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

} // namespace

Action setup_graph(CLI::App& sub, const GlobalOptions& global) {
    struct Request {
        SelectionOptions selection;
        bool columns = false;
        std::string format;
        std::string output;
    };
    auto req = std::make_shared<Request>();
    add_selection_options(sub, req->selection, true);
    add_rev_option(sub, req->selection);
    sub.add_flag("--columns", req->columns, "Column-level lineage of the selected models");
    sub.add_option("--format", req->format,
                   "json (default), dot, mermaid; with --columns: text, json (default), openlineage")
        ->check(CLI::IsMember({"json", "dot", "mermaid", "text", "openlineage"}));
    sub.add_option("-o,--output", req->output, "Write to FILE instead of stdout")->option_text("FILE");
    return [req, &global] {
        std::string format = req->format.empty() ? "json" : req->format;
        if (!req->columns && (format == "text" || format == "openlineage")) {
            req->columns = format == "openlineage";
            if (format == "text") {
                throw core::Error(core::ExitCode::Usage, "--format text needs --columns");
            }
        }
        if (req->columns && (format == "dot" || format == "mermaid")) {
            throw core::Error(core::ExitCode::Usage,
                              "--columns prints text, json or openlineage, not " + format);
        }
        auto open = open_project(global, req->selection);
        open.request.keep_scripts = req->columns; // column lineage reads the parse stage's trees
        auto compiled = project::build(open.request);
        if (compiled.config_failed) {
            return finish_project(global, std::move(open), std::move(compiled)); // nothing was loaded: print only why
        }
        auto ids = select_nodes(compiled.graph, req->selection);
        const auto& g = compiled.graph;
        std::string text;
        if (req->columns) {
            auto lineage = project::column_lineage(compiled);
            text = format == "text"          ? report::columns_text(compiled, lineage, ids)
                   : format == "openlineage" ? report::openlineage(compiled, lineage, ids, utc_now())
                                             : report::columns_json(compiled, lineage, ids);
            util::keep_until_exit(std::move(lineage));
        } else {
            text = format == "dot"       ? report::graph_dot(g, ids)
                   : format == "mermaid" ? report::graph_mermaid(g, ids)
                                         : report::graph_json(g, ids);
        }
        emit(std::move(text), req->output);
        return finish_project(global, std::move(open), std::move(compiled));
    };
}

} // namespace dpipe::cli::commands
