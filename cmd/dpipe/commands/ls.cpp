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
    add_rev_option(sub, req->selection);
    sub.add_option("--format", req->format, "text or json")->check(CLI::IsMember({"text", "json"}));
    sub.add_option("-o,--output", req->output, "Write to FILE instead of stdout")->option_text("FILE");
    return [req, &global] {
        auto open = open_project(global, req->selection);
        auto snapshot = project::build(open.request);
        if (snapshot.config_failed) {
            return finish_project(global, std::move(open), std::move(snapshot)); // nothing was loaded: print only why
        }
        auto ids = select_nodes(snapshot.graph, req->selection);
        emit(req->format == "json" ? report::ls_json(snapshot.graph, ids)
                                   : report::ls_text(snapshot.graph, ids),
             req->output);
        return finish_project(global, std::move(open), std::move(snapshot));
    };
}

} // namespace dpipe::cli::commands
