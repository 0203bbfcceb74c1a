#pragma once
// A streaming CSV reader (RFC 4180 plus common practice): fields separated by ',', records by
// LF, CRLF or CR; fields may be quoted with '"', a quote inside a quoted field is written "".
// An unquoted empty field is NULL, a quoted empty field is the empty string. A UTF-8 byte-order
// mark at the start and blank lines are skipped. A '"' inside an unquoted field is kept as is.
// Malformed input (unterminated quote, text after a closing quote, limits exceeded) throws
// core::Error::input with code EN001 located at the offending byte (1-based line and column).

#include "engine/connection.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::engine {

struct CsvField {
    std::string_view text; // valid until the next call to CsvReader::next
    bool quoted = false;

    bool is_null() const { return !quoted && text.empty(); }
};

class CsvReader {
  public:
    // `text` must outlive the reader.
    CsvReader(std::string_view text, const CsvSource& source);

    // Reads the next record into `fields`. Returns false at the end of the input.
    bool next(std::vector<CsvField>& fields);

    // 1-based line on which the last record returned by next() starts.
    int record_line() const { return m_record_line; }

    // A located input error at the start of the last record.
    core::Error error_at_record(std::string message) const;

  private:
    struct Span {
        bool in_buffer;
        bool quoted;
        std::size_t offset;
        std::size_t length;
    };
    [[noreturn]] void fail(std::size_t offset, std::string message) const;
    void read_quoted(Span& span);
    void check_field_size(std::size_t start, std::size_t length) const;

    std::string_view m_text;
    CsvSource m_source;
    std::size_t m_pos = 0;
    int m_line = 1;
    std::size_t m_line_start = 0;
    int m_record_line = 1;
    std::string m_buffer;      // unescaped contents of quoted fields containing ""
    std::vector<Span> m_spans; // reused between records
};

// The header of a CSV file checked against declared column types: one ColumnSpec per header
// field, typed from `declared` (matched case-insensitively) or "" (text). Throws EN002 located
// at the header when a header field is empty or duplicated or a declared column is missing.
std::vector<ColumnSpec> resolve_csv_columns(const std::vector<CsvField>& header,
                                            const std::vector<ColumnSpec>& declared,
                                            const CsvSource& source, int header_line);

} // namespace dpipe::engine
