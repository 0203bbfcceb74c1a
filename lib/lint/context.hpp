#pragma once
// What a lint rule reads: the project as the staged pipeline saw it, one SqlUnit per SQL file
// (raw text, rendered SQL with its source map, AST with comments), the other text files of the
// project (YAML, CSV, TOML: for secrets and style rules), and column lineage, computed on first
// use and shared by every rule that asks. Built by the engine; rules get it by const reference.

#include "core/project.hpp"
#include "graph/graph.hpp"
#include "project/columns.hpp"
#include "project/snapshot.hpp"
#include "sql/parser.hpp"

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::lint {

struct SqlUnit {
    enum class Kind { Model, SingularTest, Macro, Other };
    Kind kind = Kind::Model;
    std::string path;               // relative to the project root, forward slashes
    std::string_view raw;           // the file's bytes as written (Jinja included)
    const core::Rendered* rendered = nullptr; // null when not rendered (render failed, macros)
    const sql::Script* script = nullptr;      // null when the rendered SQL was not parsed
    std::optional<graph::NodeId> node;        // the graph node, when the unit is one
    const core::NodeState* state = nullptr;   // pipeline status (render/parse failures)
    bool has_jinja = false;         // raw holds "{{", "{%" or "{#"

    // The file location of a byte offset in the rendered SQL, through the source map.
    core::SourceLoc locate_rendered(std::size_t offset) const;
    // The file location of a byte offset in `raw`.
    core::SourceLoc locate_raw(std::size_t offset) const;
    // True when rendered bytes [begin, end) were copied verbatim from `raw` (no Jinja output in
    // them), so that an edit of them can be made on the raw file; `raw_begin` gets the offset.
    bool literal_span(std::size_t begin, std::size_t end, std::size_t& raw_begin) const;
};

// A non-SQL text file of the project in scope (property YAML, dpipe.yaml, .dpipe.toml, seeds,
// pipelines, profiles): path and bytes.
struct TextFile {
    std::string path;
    std::string_view text;
};

struct ContextTestAccess;

class Context {
public:
    const project::Snapshot& snapshot() const { return *m_snapshot; }
    const core::Project& project() const { return m_snapshot->project; }
    const graph::Graph& graph() const { return m_snapshot->graph; }
    // The pipeline's diagnostics (loader LD*, render and parse), which CF and SQ rules turn into
    // findings.
    const std::vector<core::Diagnostic>& diagnostics() const { return m_snapshot->diagnostics; }
    const std::vector<SqlUnit>& units() const { return m_units; }
    const std::vector<TextFile>& text_files() const { return m_text_files; }
    // Column lineage of the whole project, computed once on first call (thread-safe).
    const project::ColumnLineage& lineage() const;
    // Whether findings in `path` are wanted (PATH arguments, --changed, include/exclude).
    bool in_scope(std::string_view path) const;
    // The file's text, or "" when it is not one of the project's files.
    std::string_view file_text(std::string_view path) const;

private:
    friend class Engine;
    friend struct ContextTestAccess; // unit tests of rules build a Context by hand
    const project::Snapshot* m_snapshot = nullptr;
    std::vector<SqlUnit> m_units;
    std::vector<TextFile> m_text_files;
    std::vector<std::string> m_storage; // bytes of files the snapshot does not keep
    std::function<bool(std::string_view)> m_scope;
    mutable std::once_flag m_lineage_once;
    mutable std::unique_ptr<project::ColumnLineage> m_lineage;
    std::function<project::ColumnLineage()> m_compute_lineage;
};

} // namespace dpipe::lint
