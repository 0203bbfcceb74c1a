#pragma once
// Binary encoding of what the loader produces per file (a parsed, validated document, its
// diagnostics, a seed's columns), for the per-file load cache (LoadOptions::cache). The format
// belongs to this build only: caches are keyed by the dpipe build, so a record never meets
// another build's reader. Every read is bounds-checked; malformed bytes decode to "failed"
// (ByteReader::failed()), never to a crash or a partial value the caller would use.
//
// Records are compact, since a warm run maps and decodes them all: counts, lengths and integers
// are varints, each distinct string of a value is written once and referred to by index after,
// and a document's location table takes a few bytes per node (line deltas, a key's line
// relative to its value's, first_child relative to its record) instead of NodeLoc's 20.

#include "core/diagnostic.hpp"
#include "core/project.hpp"
#include "load/document.hpp"
#include "util/bytes.hpp"

#include <optional>
#include <vector>

namespace dpipe::load {

void write_json(util::ByteWriter& w, const core::Json& value);
core::Json read_json(util::ByteReader& r);

void write_diagnostics(util::ByteWriter& w, const std::vector<core::Diagnostic>& diags);
std::vector<core::Diagnostic> read_diagnostics(util::ByteReader& r);

void write_document(util::ByteWriter& w, const Document& doc);
Document read_document(util::ByteReader& r);

void write_columns(util::ByteWriter& w, const std::vector<core::Column>& columns);
std::vector<core::Column> read_columns(util::ByteReader& r);

} // namespace dpipe::load
