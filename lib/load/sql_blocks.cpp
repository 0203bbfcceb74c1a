// Tag scanning without a full template parse: the loader needs the block names and extents
// before any rendering, and the template engine treats the blocks' bodies itself.

#include "load/sql_blocks.hpp"

#include <cctype>

namespace dpipe::load {

namespace {

struct Tag {
    std::size_t begin = 0;   // of "{%"
    std::size_t end = 0;     // after "%}"
    std::string_view words;  // inside, trimmed of whitespace and the '-' / '+' markers
    std::size_t words_at = 0;
};

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Every statement tag of the file, in order, skipping comments.
std::vector<Tag> statement_tags(std::string_view text) {
    std::vector<Tag> out;
    std::size_t at = 0;
    while (at + 1 < text.size()) {
        std::size_t open = text.find('{', at);
        if (open == std::string_view::npos || open + 1 >= text.size()) {
            break;
        }
        char kind = text[open + 1];
        if (kind == '#') {
            std::size_t close = text.find("#}", open + 2);
            at = close == std::string_view::npos ? text.size() : close + 2;
            continue;
        }
        if (kind != '%') {
            at = open + 1;
            continue;
        }
        std::size_t close = text.find("%}", open + 2);
        if (close == std::string_view::npos) {
            break;
        }
        std::size_t b = open + 2;
        std::size_t e = close;
        if (b < e && (text[b] == '-' || text[b] == '+')) {
            ++b;
        }
        if (e > b && (text[e - 1] == '-' || text[e - 1] == '+')) {
            --e;
        }
        while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) {
            ++b;
        }
        while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) {
            --e;
        }
        out.push_back({open, close + 2, text.substr(b, e - b), b});
        at = close + 2;
    }
    return out;
}

// The keyword of a tag and the name after it ("snapshot orders" -> "snapshot", "orders").
std::string_view keyword(std::string_view words) {
    std::size_t n = 0;
    while (n < words.size() && is_name_char(words[n])) {
        ++n;
    }
    return words.substr(0, n);
}

std::size_t name_after(std::string_view words, std::size_t from, std::string_view& name) {
    std::size_t i = from;
    while (i < words.size() && std::isspace(static_cast<unsigned char>(words[i]))) {
        ++i;
    }
    std::size_t j = i;
    while (j < words.size() && is_name_char(words[j])) {
        ++j;
    }
    name = words.substr(i, j - i);
    return i;
}

void line_col(std::string_view text, std::size_t offset, int& line, int& col) {
    line = 1;
    col = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
}

} // namespace

std::vector<SnapshotBlock> find_snapshot_blocks(std::string_view text) {
    std::vector<SnapshotBlock> out;
    std::vector<Tag> tags = statement_tags(text);
    for (std::size_t i = 0; i < tags.size(); ++i) {
        std::string_view kw = keyword(tags[i].words);
        if (kw != "snapshot" || tags[i].words.size() == kw.size()) {
            continue;
        }
        std::string_view name;
        std::size_t name_at = name_after(tags[i].words, kw.size(), name);
        if (name.empty()) {
            continue;
        }
        SnapshotBlock b;
        b.name = std::string(name);
        line_col(text, tags[i].words_at + name_at, b.line, b.col);
        b.body_begin = tags[i].end;
        b.body_end = text.size();
        for (std::size_t k = i + 1; k < tags.size(); ++k) {
            if (keyword(tags[k].words) == "endsnapshot") {
                b.body_end = tags[k].begin;
                i = k;
                break;
            }
        }
        out.push_back(std::move(b));
    }
    return out;
}

std::string mask_outside(std::string_view text, std::size_t begin, std::size_t end) {
    std::string out(text);
    for (std::size_t i = 0; i < out.size(); ++i) {
        if ((i < begin || i >= end) && out[i] != '\n' && out[i] != '\r') {
            out[i] = ' ';
        }
    }
    return out;
}

std::vector<std::string> generic_test_definitions(std::string_view text) {
    std::vector<std::string> out;
    for (const Tag& t : statement_tags(text)) {
        std::string_view kw = keyword(t.words);
        if (kw != "test" && kw != "macro") {
            continue;
        }
        std::string_view name;
        name_after(t.words, kw.size(), name);
        if (kw == "macro") {
            if (name.substr(0, 5) != "test_" || name.size() == 5) {
                continue;
            }
            name.remove_prefix(5);
        }
        if (!name.empty()) {
            out.emplace_back(name);
        }
    }
    return out;
}

} // namespace dpipe::load
