#include "engine/csv.hpp"

#include "util/strings.hpp"

#include <unordered_set>

namespace dpipe::engine {

CsvReader::CsvReader(std::string_view text, const CsvSource& source)
    : m_text(text), m_source(source) {
    if (m_text.substr(0, 3) == "\xEF\xBB\xBF") {
        m_pos = 3;
        m_line_start = 3;
    }
}

void CsvReader::fail(std::size_t offset, std::string message) const {
    // Columns count bytes from the start of the line, 1-based.
    int col = static_cast<int>(offset >= m_line_start ? offset - m_line_start : 0) + 1;
    throw core::Error::input("EN001", core::SourceLoc{m_source.file, m_line, col},
                             "malformed CSV: " + std::move(message));
}

core::Error CsvReader::error_at_record(std::string message) const {
    return core::Error::input("EN001", core::SourceLoc{m_source.file, m_record_line, 1},
                              std::move(message));
}

void CsvReader::check_field_size(std::size_t start, std::size_t length) const {
    if (length > m_source.max_field_bytes) {
        fail(start, "field longer than " + std::to_string(m_source.max_field_bytes) + " bytes");
    }
}

// Reads a quoted field whose opening quote is at m_pos. Fields without "" escapes are viewed in
// place; the others are unescaped into m_buffer.
void CsvReader::read_quoted(Span& span) {
    const std::size_t open = m_pos;
    const int open_line = m_line;
    const std::size_t open_line_start = m_line_start;
    std::size_t p = m_pos + 1;
    std::size_t seg_start = p;
    bool escaped = false;
    std::size_t buf_start = m_buffer.size();
    for (;;) {
        std::size_t q = m_text.find_first_of("\"\n\r", p);
        if (q == std::string_view::npos) {
            m_line = open_line;
            m_line_start = open_line_start;
            fail(open, "unterminated quoted field");
        }
        char c = m_text[q];
        if (c == '\n' || c == '\r') {
            // Newlines inside quotes belong to the field; keep line numbers right.
            if (c == '\r' && q + 1 < m_text.size() && m_text[q + 1] == '\n') {
                ++q;
            }
            ++m_line;
            m_line_start = q + 1;
            p = q + 1;
            continue;
        }
        if (q + 1 < m_text.size() && m_text[q + 1] == '"') {
            if (!escaped) {
                escaped = true;
            }
            m_buffer.append(m_text.substr(seg_start, q + 1 - seg_start));
            p = q + 2;
            seg_start = p;
            continue;
        }
        // Closing quote.
        if (escaped) {
            m_buffer.append(m_text.substr(seg_start, q - seg_start));
            span = {true, true, buf_start, m_buffer.size() - buf_start};
        } else {
            span = {false, true, open + 1, q - open - 1};
        }
        check_field_size(open, span.length);
        m_pos = q + 1;
        if (m_pos < m_text.size()) {
            char next = m_text[m_pos];
            if (next != ',' && next != '\n' && next != '\r') {
                fail(m_pos, "unexpected character after a closing quote (write \"\" for a quote "
                            "inside a quoted field)");
            }
        }
        return;
    }
}

bool CsvReader::next(std::vector<CsvField>& fields) {
    fields.clear();
    m_spans.clear();
    m_buffer.clear();
    // Skip blank lines.
    while (m_pos < m_text.size() && (m_text[m_pos] == '\n' || m_text[m_pos] == '\r')) {
        if (m_text[m_pos] == '\r' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '\n') {
            ++m_pos;
        }
        ++m_pos;
        ++m_line;
        m_line_start = m_pos;
    }
    if (m_pos >= m_text.size()) {
        return false;
    }
    m_record_line = m_line;
    for (;;) {
        if (m_spans.size() >= m_source.max_columns) {
            fail(m_pos, "more than " + std::to_string(m_source.max_columns) + " fields in a row");
        }
        Span span{false, false, m_pos, 0};
        if (m_pos < m_text.size() && m_text[m_pos] == '"') {
            read_quoted(span);
        } else {
            std::size_t end = m_text.find_first_of(",\n\r", m_pos);
            if (end == std::string_view::npos) {
                end = m_text.size();
            }
            span.length = end - m_pos;
            check_field_size(m_pos, span.length);
            m_pos = end;
        }
        m_spans.push_back(span);
        if (m_pos >= m_text.size()) {
            break;
        }
        char c = m_text[m_pos];
        if (c == ',') {
            ++m_pos;
            continue;
        }
        // End of record.
        if (c == '\r' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '\n') {
            ++m_pos;
        }
        ++m_pos;
        ++m_line;
        m_line_start = m_pos;
        break;
    }
    fields.reserve(m_spans.size());
    for (const Span& s : m_spans) {
        std::string_view base = s.in_buffer ? std::string_view(m_buffer) : m_text;
        fields.push_back({base.substr(s.offset, s.length), s.quoted});
    }
    return true;
}

std::vector<ColumnSpec> resolve_csv_columns(const std::vector<CsvField>& header,
                                            const std::vector<ColumnSpec>& declared,
                                            const CsvSource& source, int header_line) {
    core::SourceLoc loc{source.file, header_line, 1};
    std::vector<ColumnSpec> out;
    out.reserve(header.size());
    std::unordered_set<std::string> seen;
    for (const CsvField& f : header) {
        std::string name(util::trim(f.text));
        if (name.empty()) {
            throw core::Error::input("EN002", loc, "CSV header has an empty column name");
        }
        std::string key = util::to_lower(name);
        if (!seen.insert(key).second) {
            throw core::Error::input("EN002", loc, "CSV header repeats the column '" + name + "'");
        }
        std::string type;
        for (const ColumnSpec& d : declared) {
            if (util::iequals(d.name, name)) {
                type = d.type;
                break;
            }
        }
        out.push_back({std::move(name), std::move(type)});
    }
    for (const ColumnSpec& d : declared) {
        if (seen.count(util::to_lower(d.name)) == 0) {
            throw core::Error::input("EN002", loc,
                                     "declared column '" + d.name + "' is not in the CSV header");
        }
    }
    return out;
}

} // namespace dpipe::engine
