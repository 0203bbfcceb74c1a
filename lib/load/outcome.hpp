#pragma once
// What the loader reads per file (a job) and what reading it produced (an outcome), and the
// per-file cache's record of an outcome. Internal to lib/load.

#include "core/diagnostic.hpp"
#include "core/project.hpp"
#include "load/document.hpp"
#include "load/sql_blocks.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::load {

enum class Kind { Model, Snapshot, Properties, Seed, Test, Macro, Pipeline, Analysis };

struct Job {
    Kind kind;
    std::string rel;
    std::string package;          // macros only
    std::filesystem::path abs;    // set only for files outside the project (the user config), read from disk
};

struct Outcome {
    std::string_view text;                // owned by project.sources_text
    std::string id;                       // content id (git blob id)
    std::optional<Document> doc;
    std::vector<core::Column> columns;    // seeds
    std::vector<SnapshotBlock> snapshots; // snapshot files: their {% snapshot %} blocks
    std::string package;                  // an installed package's file: the package
    std::vector<core::Diagnostic> diags;
};

// The cache key of a file's record: its kind, path, content id, the limits it was read under
// and the record format (a format change makes every old record a miss).
std::string record_key(const Job& job, const std::string& id, const Limits& limits);
// What parsing and validating the file produced: diagnostics, document, columns.
std::string encode_outcome(const Outcome& o);
// Fills o's diagnostics, document and columns from a record; false (o untouched) when the
// bytes are malformed.
bool decode_outcome(std::string_view bytes, Outcome& o);

} // namespace dpipe::load
