#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "report/graph_report.hpp"

#include <memory>

namespace dpipe::cli::commands {

Action setup_ls(CLI::App& sub, const GlobalOptions& global) {
    struct Request {
        SelectionOptions selection;
        std::string format = "text";
        std::string output;
    };
    auto req = std::make_shared<Request>();
    add_selection_options(sub, req->selection, true);
    sub.add_option("--format", req->format, "text or json")->check(CLI::IsMember({"text", "json"}));
    sub.add_option("-o,--output", req->output, "Write to FILE instead of stdout")->option_text("FILE");
    return [req, &global] {
        auto compiled = compile(global, req->selection.vars);
        auto ids = select_nodes(compiled.graph, req->selection);
        emit(req->format == "json" ? report::ls_json(compiled.graph, ids)
                                   : report::ls_text(compiled.graph, ids),
             req->output);
        return 0;
    };
}

} // namespace dpipe::cli::commands
