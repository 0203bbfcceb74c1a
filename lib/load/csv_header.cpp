#include "load/csv_header.hpp"

#include "load/document.hpp"

#include <algorithm>

namespace dpipe::load {

namespace {

// agate's name for an unnamed column at a 0-based position: the letter, repeated once per round.
std::string letter_name(std::size_t index) {
    return std::string(index / 26 + 1, static_cast<char>('a' + index % 26));
}

bool taken(const std::vector<core::Column>& cols, const std::string& name) {
    return std::any_of(cols.begin(), cols.end(), [&name](const core::Column& c) { return c.name == name; });
}

} // namespace

util::Result<CsvHeader, core::Diagnostic> parse_csv_header(std::string_view text, const std::string& file) {
    std::size_t i = 0;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        i = 3;
    }
    int line = 1;
    std::size_t line_start = 0;
    CsvHeader header;
    std::vector<core::Column>& cols = header.columns;
    auto err = [&](int l, int c, std::string msg) {
        return util::unexpected(make_error("LD023", {file, l, c}, std::move(msg)));
    };
    if (i >= text.size() || text[i] == '\n' || text[i] == '\r') {
        return err(1, 1, "seed CSV has no header row");
    }
    for (;;) {
        core::Column col;
        col.loc = {file, line, static_cast<int>(i - line_start) + 1};
        std::string name;
        if (i < text.size() && text[i] == '"') {
            ++i;
            bool closed = false;
            while (i < text.size()) {
                char c = text[i];
                if (c == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        name += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    closed = true;
                    break;
                }
                if (c == '\n') {
                    ++line;
                    line_start = i + 1;
                }
                name += c;
                ++i;
            }
            if (!closed) {
                return err(col.loc.line, col.loc.col, "unterminated quoted column name in the CSV header");
            }
        } else {
            std::size_t start = i;
            while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
                ++i;
            }
            name.assign(text.substr(start, i - start));
        }
        // Whitespace around a header field is not part of the name.
        auto first = name.find_first_not_of(" \t");
        auto last = name.find_last_not_of(" \t");
        name = first == std::string::npos ? "" : name.substr(first, last - first + 1);
        if (name.empty()) {
            name = letter_name(cols.size());
            header.warnings.push_back(make_warning("LD044", col.loc,
                                                   "empty column name in the CSV header; dbt names it '" + name + "'"));
        }
        if (taken(cols, name)) {
            std::string base = name;
            for (int n = 2; taken(cols, name); ++n) {
                name = base + "_" + std::to_string(n);
            }
            header.warnings.push_back(make_warning(
                "LD044", col.loc, "duplicate column '" + base + "' in the CSV header; dbt renames it '" + name + "'"));
        }
        col.name = std::move(name);
        cols.push_back(std::move(col));
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) {
            ++i;
        }
        if (i < text.size() && text[i] == ',') {
            ++i;
            continue;
        }
        if (i >= text.size() || text[i] == '\n' || text[i] == '\r') {
            break;
        }
        return err(line, static_cast<int>(i - line_start) + 1, "unexpected character after a quoted column name");
    }
    return header;
}

} // namespace dpipe::load
