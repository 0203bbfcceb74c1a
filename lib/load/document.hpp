#pragma once
// Parsed configuration documents (YAML or TOML) as JSON, with the source location of every
// value and of every object key, so later stages can report precise file:line:col errors.
//
// Parsing never throws and never crashes on bad input: every failure (syntax, size, binary or
// non-UTF-8 bytes, nesting depth, alias bombs and cycles, duplicate keys) is returned as one
// located core::Diagnostic with a code LD0xx.

#include "core/diagnostic.hpp"
#include "core/project.hpp"
#include "core/source_loc.hpp"
#include "util/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace dpipe::load {

// Resource limits applied to every file read for a project.
struct Limits {
    std::uint64_t max_file_bytes = 8 << 20; // larger files are refused
    int max_depth = 64;                     // nesting of mappings/sequences (tables/arrays)
    std::size_t max_nodes = 1'000'000;      // nodes produced, counting alias expansions
};

struct LineCol {
    int line = 0;
    int col = 0;
};

// A parsed document. Locations are keyed by JSON pointer ("/models/0/columns/1/name").
struct Document {
    core::Json root;
    std::string file; // project-relative path used in locations

    // Location of the value at `pointer`; the nearest known ancestor when not recorded
    // (values expanded from an alias only know the alias' position); the file start otherwise.
    core::SourceLoc loc(std::string_view pointer) const;
    // Location of the key of the object member at `pointer`; falls back to loc(pointer).
    core::SourceLoc key_loc(std::string_view pointer) const;

    std::unordered_map<std::string, LineCol> value_locs;
    std::unordered_map<std::string, LineCol> key_locs;
};

// Appends one reference token to a JSON pointer, escaping '~' and '/'.
void pointer_append(std::string& pointer, std::string_view token);
std::string pointer_join(std::string_view pointer, std::string_view token);
std::string pointer_join(std::string_view pointer, std::size_t index);

// Refuses text that is too large, binary (contains NUL) or not UTF-8, with a located error
// (LD008, LD007, LD006). Used for every project file, not only YAML/TOML.
util::Result<bool, core::Diagnostic> check_text(std::string_view text, const std::string& file,
                                                const Limits& limits);

// YAML 1.2 (core schema typing for plain scalars; quoted scalars are strings; merge keys).
util::Result<Document, core::Diagnostic> parse_yaml(std::string_view text, const std::string& file,
                                                    const Limits& limits);
// TOML 1.0; dates and times become strings.
util::Result<Document, core::Diagnostic> parse_toml(std::string_view text, const std::string& file,
                                                    const Limits& limits);

// Diagnostic constructor shared by the loader.
core::Diagnostic make_error(std::string code, core::SourceLoc loc, std::string message);

} // namespace dpipe::load
