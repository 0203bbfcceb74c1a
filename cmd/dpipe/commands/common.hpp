#pragma once
// Option wiring shared by several commands. No logic beyond turning flags into requests.

#include "cli.hpp"
#include "graph/compile.hpp"
#include "graph/selector.hpp"

#include <string>
#include <vector>

namespace dpipe::cli::commands {

struct SelectionOptions {
    std::vector<std::string> select;
    std::vector<std::string> exclude;
    std::vector<std::string> resource_types;
    std::string vars; // --vars as a YAML/JSON mapping
};

void add_selection_options(CLI::App& sub, SelectionOptions& opts, bool with_resource_type);

// compile_project with -C and --vars applied; prints warnings to stderr (infos with -v).
graph::CompiledProject compile(const GlobalOptions& global, const std::string& vars);

// Applies the selection or throws core::Error (exit 2) naming the bad selector.
std::vector<graph::NodeId> select_nodes(const graph::Graph& g, const SelectionOptions& opts);

// Writes `text`, with secrets masked (util::redact), to stdout, or to `path` when it is not
// empty (util::write_file_atomic: whole or not at all). Throws core::Error (exit 2) naming
// stdout or the path when the write fails.
void emit(const std::string& text, const std::string& path);

} // namespace dpipe::cli::commands
