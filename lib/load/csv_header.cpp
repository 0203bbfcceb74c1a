#include "load/csv_header.hpp"

#include "load/document.hpp"

#include <algorithm>

namespace dpipe::load {

util::Result<std::vector<core::Column>, core::Diagnostic> parse_csv_header(std::string_view text,
                                                                           const std::string& file) {
    std::size_t i = 0;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        i = 3;
    }
    int line = 1;
    std::size_t line_start = 0;
    std::vector<core::Column> cols;
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
            return err(col.loc.line, col.loc.col, "empty column name in the CSV header");
        }
        for (const auto& c : cols) {
            if (c.name == name) {
                return err(col.loc.line, col.loc.col, "duplicate column '" + name + "' in the CSV header");
            }
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
    return cols;
}

} // namespace dpipe::load
