#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "report/graph_report.hpp"

#include <memory>

namespace dpipe::cli::commands {

Action setup_graph(CLI::App& sub, const GlobalOptions& global) {
    struct Request {
        SelectionOptions selection;
        std::string format = "json";
        std::string output;
    };
    auto req = std::make_shared<Request>();
    add_selection_options(sub, req->selection, true);
    sub.add_option("--format", req->format, "json, dot or mermaid")
        ->check(CLI::IsMember({"json", "dot", "mermaid"}));
    sub.add_option("-o,--output", req->output, "Write to FILE instead of stdout")->option_text("FILE");
    return [req, &global] {
        auto compiled = compile(global, req->selection.vars);
        auto ids = select_nodes(compiled.graph, req->selection);
        const auto& g = compiled.graph;
        std::string text = req->format == "dot"       ? report::graph_dot(g, ids)
                           : req->format == "mermaid" ? report::graph_mermaid(g, ids)
                                                      : report::graph_json(g, ids);
        emit(text, req->output);
        return 0;
    };
}

} // namespace dpipe::cli::commands
