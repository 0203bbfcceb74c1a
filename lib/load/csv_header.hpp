#pragma once
// The header record of a CSV file (RFC 4180: quoted fields, "" escapes, CRLF), for seeds.

#include "core/diagnostic.hpp"
#include "core/project.hpp"
#include "util/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace dpipe::load {

struct CsvHeader {
    std::vector<core::Column> columns;
    std::vector<core::Diagnostic> warnings; // LD044: names dbt (agate) makes up, as dbt warns
};

// Column names with the location of each header field, named as dbt's CSV reader (agate) names
// them: an empty name becomes the column's letter name (a, b, ... z, aa, bb, ...) and a repeated
// name gets a suffix (`x_2`, `x_3`), each with a warning (LD044). Errors (LD023): an empty file
// or header row, an unterminated quote, a character after a closing quote.
util::Result<CsvHeader, core::Diagnostic> parse_csv_header(std::string_view text, const std::string& file);

} // namespace dpipe::load
