#pragma once
// The header record of a CSV file (RFC 4180: quoted fields, "" escapes, CRLF), for seeds.

#include "core/diagnostic.hpp"
#include "core/project.hpp"
#include "util/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace dpipe::load {

// Column names with the location of each header field. Errors (LD023): empty file or header,
// an empty or duplicate column name, an unterminated quote.
util::Result<std::vector<core::Column>, core::Diagnostic> parse_csv_header(std::string_view text,
                                                                           const std::string& file);

} // namespace dpipe::load
