// TOML -> JSON with locations, through toml++. Nesting is bounded by Limits::max_depth while
// converting (toml++ itself bounds inline nesting while parsing).

#include "load/document.hpp"

#include "util/strings.hpp"

#include <toml++/toml.h>

#include <sstream>

namespace dpipe::load {

namespace {

struct TooDeep {
    core::SourceLoc loc;
    std::string message;
};

// toml++ builds one nested table per part of a dotted key ("a.b.c = 1", "[a.b.c]") and both
// parses and destroys them recursively, so a key with tens of thousands of parts overflows the
// stack. This scan finds the longest dotted key before toml++ sees the text (strings and
// comments are skipped; values such as 1.5 or dates have at most one dot).
util::Result<bool, core::Diagnostic> check_dotted_keys(std::string_view text, const std::string& file,
                                                       const Limits& limits) {
    auto is_bare = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    };
    std::size_t parts = 0;
    std::size_t run_start = 0;
    bool after_part = false;
    bool after_dot = false;
    auto on_part = [&](std::size_t at) {
        if (after_dot) {
            ++parts;
        } else {
            parts = 1;
            run_start = at;
        }
        after_part = true;
        after_dot = false;
    };
    auto reset = [&] {
        parts = 0;
        after_part = false;
        after_dot = false;
    };
    std::size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (is_bare(c)) {
            std::size_t start = i;
            while (i < text.size() && is_bare(text[i])) {
                ++i;
            }
            on_part(start);
        } else if (c == '"' || c == '\'') {
            bool multi = text.compare(i, 3, std::string(3, c)) == 0;
            std::size_t start = i;
            if (multi) {
                auto end = text.find(std::string(3, c), i + 3);
                i = end == std::string_view::npos ? text.size() : end + 3;
                reset();
                continue;
            }
            ++i;
            while (i < text.size() && text[i] != c && text[i] != '\n') {
                i += (c == '"' && text[i] == '\\') ? 2 : 1;
            }
            ++i;
            on_part(start);
        } else if (c == '.') {
            if (after_part) {
                after_part = false;
                after_dot = true;
            } else {
                reset();
            }
            ++i;
            continue;
        } else if (c == ' ' || c == '\t') {
            ++i;
            continue;
        } else if (c == '#') {
            while (i < text.size() && text[i] != '\n') {
                ++i;
            }
            reset();
        } else {
            ++i;
            reset();
        }
        if (parts > static_cast<std::size_t>(limits.max_depth)) {
            auto lc = util::line_col_at(text, run_start);
            return util::unexpected(make_error("LD002", {file, lc.line, lc.col},
                                               "dotted key with more than " + std::to_string(limits.max_depth) +
                                                   " parts (nesting deeper than " +
                                                   std::to_string(limits.max_depth) + " levels)"));
        }
    }
    return true;
}

class Converter {
public:
    Converter(Document& doc, const Limits& limits) : m_doc(doc), m_limits(limits) {}

    // Converts the root table; locs[0] is its record.
    core::Json convert_root(const toml::table& table) {
        m_doc.locs.assign(1, NodeLoc{{1, 1}, {0, 0}, NodeLoc::k_none});
        NodeLoc rec;
        core::Json out = convert(table, 0, rec);
        m_doc.locs[0] = NodeLoc{{1, 1}, {0, 0}, rec.first_child};
        return out;
    }

private:
    static LineCol begin_of(const toml::source_region& src) {
        if (src.begin.line == 0) {
            return {};
        }
        return {static_cast<int>(src.begin.line), static_cast<int>(src.begin.column)};
    }

    // Converts `node`; its children's records are appended to the location table and
    // rec.first_child points at them.
    core::Json convert(const toml::node& node, int depth, NodeLoc& rec) {
        rec.value = begin_of(node.source());
        if (++m_nodes > m_limits.max_nodes) {
            throw TooDeep{{m_doc.file, std::max(rec.value.line, 1), std::max(rec.value.col, 1)},
                          "more than " + std::to_string(m_limits.max_nodes) + " values"};
        }
        if (const auto* t = node.as_table()) {
            check_depth(node, depth);
            core::Json out = core::Json::object();
            auto& obj = static_cast<std::vector<std::pair<const std::string, core::Json>>&>(
                out.get_ref<core::Json::object_t&>());
            std::vector<NodeLoc> recs(t->size());
            std::size_t i = 0;
            for (const auto& [key, value] : *t) {
                // toml++ guarantees unique keys, so members are appended without a lookup.
                recs[i].key = begin_of(key.source());
                obj.emplace_back(std::string(key.str()), convert(value, depth + 1, recs[i]));
                ++i;
            }
            rec.first_child = static_cast<std::uint32_t>(m_doc.locs.size());
            m_doc.locs.insert(m_doc.locs.end(), recs.begin(), recs.end());
            return out;
        }
        if (const auto* a = node.as_array()) {
            check_depth(node, depth);
            core::Json out = core::Json::array();
            std::vector<NodeLoc> recs(a->size());
            for (std::size_t i = 0; i < a->size(); ++i) {
                out.push_back(convert(*a->get(i), depth + 1, recs[i]));
            }
            rec.first_child = static_cast<std::uint32_t>(m_doc.locs.size());
            m_doc.locs.insert(m_doc.locs.end(), recs.begin(), recs.end());
            return out;
        }
        rec.first_child = NodeLoc::k_none;
        if (auto v = node.value<std::string>(); v && node.is_string()) {
            return *v;
        }
        if (node.is_integer()) {
            return node.as_integer()->get();
        }
        if (node.is_floating_point()) {
            return node.as_floating_point()->get();
        }
        if (node.is_boolean()) {
            return node.as_boolean()->get();
        }
        // Dates, times and date-times keep their TOML spelling.
        std::ostringstream os;
        if (const auto* d = node.as_date()) {
            os << *d;
        } else if (const auto* tm = node.as_time()) {
            os << *tm;
        } else if (const auto* dt = node.as_date_time()) {
            os << *dt;
        }
        return os.str();
    }

    void check_depth(const toml::node& node, int depth) {
        if (depth >= m_limits.max_depth) {
            auto src = node.source();
            throw TooDeep{{m_doc.file, static_cast<int>(std::max<unsigned>(src.begin.line, 1)),
                           static_cast<int>(std::max<unsigned>(src.begin.column, 1))},
                          "nesting deeper than " + std::to_string(m_limits.max_depth) + " levels"};
        }
    }

    Document& m_doc;
    const Limits& m_limits;
    std::size_t m_nodes = 0;
};

} // namespace

util::Result<Document, core::Diagnostic> parse_toml(std::string_view text, const std::string& file,
                                                    const Limits& limits) {
    auto ok = check_text(text, file, limits);
    if (!ok) {
        return util::unexpected(ok.error());
    }
    auto keys_ok = check_dotted_keys(text, file, limits);
    if (!keys_ok) {
        return util::unexpected(keys_ok.error());
    }
    Document doc;
    doc.file = file;
    try {
        toml::table table = toml::parse(text, file);
        Converter conv(doc, limits);
        doc.root = conv.convert_root(table);
    } catch (const toml::parse_error& e) {
        const auto& src = e.source();
        return util::unexpected(make_error("LD010",
                                           {file, static_cast<int>(std::max<unsigned>(src.begin.line, 1)),
                                            static_cast<int>(std::max<unsigned>(src.begin.column, 1))},
                                           "TOML syntax error: " + std::string(e.description())));
    } catch (const TooDeep& d) {
        return util::unexpected(make_error("LD002", d.loc, d.message));
    }
    return doc;
}

} // namespace dpipe::load
