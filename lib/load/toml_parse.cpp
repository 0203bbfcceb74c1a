// TOML -> JSON with locations, through toml++. Nesting is bounded by Limits::max_depth while
// converting (toml++ itself bounds inline nesting while parsing).

#include "load/document.hpp"

#include <toml++/toml.h>

#include <sstream>

namespace dpipe::load {

namespace {

struct TooDeep {
    core::SourceLoc loc;
    std::string message;
};

class Converter {
public:
    Converter(Document& doc, const Limits& limits) : m_doc(doc), m_limits(limits) {}

    core::Json convert(const toml::node& node, std::string& pointer, int depth) {
        record(node, pointer, m_doc.value_locs);
        if (++m_nodes > m_limits.max_nodes) {
            auto src = node.source();
            throw TooDeep{{m_doc.file, static_cast<int>(src.begin.line), static_cast<int>(src.begin.column)},
                          "more than " + std::to_string(m_limits.max_nodes) + " values"};
        }
        if (const auto* t = node.as_table()) {
            check_depth(node, depth);
            core::Json out = core::Json::object();
            for (const auto& [key, value] : *t) {
                std::size_t len = pointer.size();
                pointer_append(pointer, key.str());
                const auto& ks = key.source();
                if (ks.begin.line > 0) {
                    m_doc.key_locs[pointer] = {static_cast<int>(ks.begin.line), static_cast<int>(ks.begin.column)};
                }
                out[std::string(key.str())] = convert(value, pointer, depth + 1);
                pointer.resize(len);
            }
            return out;
        }
        if (const auto* a = node.as_array()) {
            check_depth(node, depth);
            core::Json out = core::Json::array();
            for (std::size_t i = 0; i < a->size(); ++i) {
                std::size_t len = pointer.size();
                pointer += '/';
                pointer += std::to_string(i);
                out.push_back(convert(*a->get(i), pointer, depth + 1));
                pointer.resize(len);
            }
            return out;
        }
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

private:
    void record(const toml::node& node, const std::string& pointer,
                std::unordered_map<std::string, LineCol>& map) {
        const auto& src = node.source();
        if (src.begin.line > 0) {
            map[pointer] = {static_cast<int>(src.begin.line), static_cast<int>(src.begin.column)};
        }
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
    Document doc;
    doc.file = file;
    try {
        toml::table table = toml::parse(text, file);
        std::string pointer;
        Converter conv(doc, limits);
        doc.root = conv.convert(table, pointer, 0);
    } catch (const toml::parse_error& e) {
        const auto& src = e.source();
        return util::unexpected(make_error("LD010",
                                           {file, static_cast<int>(std::max<unsigned>(src.begin.line, 1)),
                                            static_cast<int>(std::max<unsigned>(src.begin.column, 1))},
                                           "TOML syntax error: " + std::string(e.description())));
    } catch (const TooDeep& d) {
        return util::unexpected(make_error("LD002", d.loc, d.message));
    }
    doc.value_locs[""] = {1, 1};
    return doc;
}

} // namespace dpipe::load
