// Content hash of rendered SQL that ignores formatting: comments dropped, whitespace runs
// collapsed, string literals, quoted identifiers and dollar-quoted bodies kept verbatim.

#include "template/render.hpp"
#include "util/hash.hpp"

#include <cctype>

namespace dpipe::tmpl {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Length of a `$tag$` opener at `i` (0 when there is none).
std::size_t dollar_tag(std::string_view s, std::size_t i) {
    std::size_t j = i + 1;
    while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) {
        ++j;
    }
    if (j < s.size() && s[j] == '$' && (j == i + 1 || !std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
        return j + 1 - i;
    }
    return 0;
}

} // namespace

std::string normalized_sql_hash(std::string_view sql) {
    std::string out;
    out.reserve(sql.size());
    bool pending_space = false;
    auto emit = [&](std::string_view piece) {
        if (pending_space && !out.empty()) {
            out += ' ';
        }
        pending_space = false;
        out += piece;
    };
    std::size_t i = 0;
    while (i < sql.size()) {
        char c = sql[i];
        if (is_space(c)) {
            pending_space = true;
            ++i;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            std::size_t e = sql.find('\n', i);
            i = e == std::string_view::npos ? sql.size() : e;
            pending_space = true;
        } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
            std::size_t e = sql.find("*/", i + 2);
            i = e == std::string_view::npos ? sql.size() : e + 2;
            pending_space = true;
        } else if (c == '\'' || c == '"' || c == '`') {
            std::size_t j = i + 1;
            while (j < sql.size()) {
                if (sql[j] == c) {
                    if (j + 1 < sql.size() && sql[j + 1] == c) {
                        j += 2;
                        continue;
                    }
                    break;
                }
                if (sql[j] == '\\' && c == '\'' && j + 1 < sql.size()) {
                    ++j;
                }
                ++j;
            }
            std::size_t end = std::min(sql.size(), j + 1);
            emit(sql.substr(i, end - i));
            i = end;
        } else if (c == '$' && dollar_tag(sql, i) > 0) {
            std::size_t n = dollar_tag(sql, i);
            std::string_view tag = sql.substr(i, n);
            std::size_t e = sql.find(tag, i + n);
            std::size_t end = e == std::string_view::npos ? sql.size() : e + n;
            emit(sql.substr(i, end - i));
            i = end;
        } else {
            std::size_t j = i + 1;
            while (j < sql.size() && !is_space(sql[j]) && sql[j] != '\'' && sql[j] != '"' && sql[j] != '`' &&
                   sql[j] != '$' && !(sql[j] == '-' && j + 1 < sql.size() && sql[j + 1] == '-') &&
                   !(sql[j] == '/' && j + 1 < sql.size() && sql[j + 1] == '*')) {
                ++j;
            }
            emit(sql.substr(i, j - i));
            i = j;
        }
    }
    return util::sha256_hex(out);
}

} // namespace dpipe::tmpl
