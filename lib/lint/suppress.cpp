#include "lint/suppress.hpp"

#include "lint/rule.hpp"
#include "util/strings.hpp"

#include <cctype>

namespace dpipe::lint {

namespace {

constexpr std::string_view k_marker = "dpipe:ignore";

bool code_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

// Whether the marker at `at` on this line sits in a comment of the file's kind.
bool in_comment(std::string_view line, std::size_t at, bool sql) {
    std::string_view before = line.substr(0, at);
    if (sql) {
        return before.find("--") != std::string_view::npos || before.find("/*") != std::string_view::npos ||
               before.find("{#") != std::string_view::npos;
    }
    return before.find('#') != std::string_view::npos;
}

// A code ("SQ001") or a rule name ("select-star"); anything else ends the list.
bool looks_like_rule(std::string_view w) {
    if (w.size() == 5 && std::isalpha(static_cast<unsigned char>(w[0])) &&
        std::isalpha(static_cast<unsigned char>(w[1])) && std::isdigit(static_cast<unsigned char>(w[2])) &&
        std::isdigit(static_cast<unsigned char>(w[3])) && std::isdigit(static_cast<unsigned char>(w[4]))) {
        return true;
    }
    return std::isalpha(static_cast<unsigned char>(w.front())) && w.find('-') != std::string_view::npos &&
           w.back() != '-';
}

} // namespace

std::vector<Suppression> find_suppressions(std::string_view path, std::string_view text, bool sql) {
    std::vector<Suppression> out;
    if (text.find(k_marker) == std::string_view::npos) {
        return out;
    }
    std::size_t line_start = 0;
    int line_no = 1;
    int group = 0;
    while (line_start <= text.size()) {
        std::size_t nl = text.find('\n', line_start);
        std::size_t line_end = nl == std::string_view::npos ? text.size() : nl;
        std::string_view line = text.substr(line_start, line_end - line_start);
        std::size_t at = line.find(k_marker);
        while (at != std::string_view::npos) {
            if (!in_comment(line, at, sql)) {
                break;
            }
            std::size_t i = at + k_marker.size();
            bool whole_file = false;
            if (line.substr(i, 5) == "-file") {
                whole_file = true;
                i += 5;
            }
            if (i < line.size() && line[i] != ' ' && line[i] != '\t') {
                break; // "dpipe:ignored", not the marker
            }
            // Codes until the end of the comment: separated by commas and/or blanks.
            ++group;
            std::size_t opener = sql ? line.rfind("--", at) : line.rfind('#', at);
            std::size_t first = out.size();
            while (i < line.size()) {
                while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == ',')) {
                    ++i;
                }
                std::size_t b = i;
                while (i < line.size() && code_char(line[i])) {
                    ++i;
                }
                if (i == b || !looks_like_rule(line.substr(b, i - b))) {
                    break; // the rest is prose ("-- dpipe:ignore SQ001 legacy table")
                }
                Suppression s;
                s.code = std::string(line.substr(b, i - b));
                s.loc = {std::string(path), line_no, static_cast<int>(b + 1)};
                s.whole_file = whole_file;
                s.code_begin = line_start + b;
                s.code_end = line_start + i;
                s.line_begin = line_start;
                s.line_end = line_end;
                s.group = group;
                s.comment_begin = opener == std::string_view::npos ? std::string_view::npos : line_start + opener;
                out.push_back(std::move(s));
            }
            bool rest_blank = util::trim(line.substr(std::min(i, line.size()))).empty();
            for (std::size_t k = first; k < out.size(); ++k) {
                out[k].line_comment = rest_blank && out[k].comment_begin != std::string_view::npos;
            }
            at = line.find(k_marker, i);
        }
        if (nl == std::string_view::npos) {
            break;
        }
        line_start = nl + 1;
        ++line_no;
    }
    return out;
}

std::vector<Edit> removal(const Suppression& s, const std::vector<Suppression>& all, std::string_view text) {
    std::vector<const Suppression*> siblings;
    for (const auto& o : all) {
        if (o.group == s.group) {
            siblings.push_back(&o);
        }
    }
    if (siblings.size() > 1) {
        // One code of several: it goes with the separator before it (after it, for the first).
        for (std::size_t k = 0; k < siblings.size(); ++k) {
            if (siblings[k] != &s) {
                continue;
            }
            if (k == 0) {
                return {{s.code_begin, siblings[1]->code_begin, ""}};
            }
            return {{siblings[k - 1]->code_end, s.code_end, ""}};
        }
        return {};
    }
    if (!s.line_comment) {
        return {};
    }
    std::string_view before = text.substr(s.line_begin, s.comment_begin - s.line_begin);
    if (util::trim(before).empty()) {
        // The comment is the whole line: the line goes.
        std::size_t end = s.line_end < text.size() ? s.line_end + 1 : s.line_end;
        return {{s.line_begin, end, ""}};
    }
    std::size_t from = s.comment_begin;
    while (from > s.line_begin && (text[from - 1] == ' ' || text[from - 1] == '\t')) {
        --from;
    }
    return {{from, s.line_end, ""}};
}

bool covers(const Suppression& s, std::string_view code, std::string_view name, int line) {
    if (!util::iequals(s.code, code) && s.code != name) {
        return false;
    }
    return s.whole_file || line == s.loc.line || line == s.loc.line + 1;
}

} // namespace dpipe::lint
