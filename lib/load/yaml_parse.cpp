// YAML -> JSON with locations, built from libyaml's event stream so every limit (depth, alias
// expansion, cycles, duplicate keys) is checked while parsing, before memory is spent.
//
// Why libyaml (measured on the 10,000-model benchmark project, bench/gen_project.py --seed 7):
// loading (with the location table and in-place validation) went from ~7 s to ~2 s, most of
// the difference being yaml-cpp's regex-driven scanner and its per-token allocations. libfyaml was measured too: producing the raw events of the
// same 28 MB of property files took 1.2 s with libfyaml against 0.8 s with libyaml, and
// libyaml's events already carry all this builder needs (marks, anchors, tags, scalar style).

#include "load/document.hpp"
#include "load/yaml_scalar.hpp"

#include <yaml.h>

#include <memory>
#include <unordered_map>
#include <vector>

namespace dpipe::load {

namespace {

// Thrown inside the builder to abandon the parse with a located diagnostic.
struct Abort {
    core::Diagnostic diag;
};

using ObjectVec = std::vector<std::pair<const std::string, core::Json>>;

struct AnchorEntry {
    core::Json value;
    std::size_t nodes = 0;
    int height = 0;
    bool done = false;
};

constexpr std::size_t k_no_index = static_cast<std::size_t>(-1);
constexpr std::size_t k_index_threshold = 16;

struct Frame {
    bool is_map = false;
    core::Json value;
    LineCol pos;     // where the container starts
    LineCol key_pos; // its key in the parent mapping
    std::string anchor;
    std::size_t nodes_at_start = 0;
    std::size_t pending_start = 0; // first record of its children in Builder::m_pending
    int height = 0;                // of the deepest child, in containers
    // Mappings: the key waiting for its value.
    bool expecting_key = true;
    std::string key;
    LineCol cur_key_pos;
    bool key_is_merge = false;
    std::size_t replace_at = k_no_index; // tolerated duplicate: the member the value replaces
    std::vector<std::pair<core::Json, LineCol>> merges;
    // Key -> member index, built once a mapping grows past k_index_threshold keys, so the
    // duplicate check stays linear for very large mappings.
    std::unique_ptr<std::unordered_map<std::string, std::size_t>> index;
};

LineCol pos(const yaml_mark_t& m) { return {static_cast<int>(m.line) + 1, static_cast<int>(m.column) + 1}; }

std::string_view scalar_text(const yaml_event_t& e) {
    return {reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length};
}

std::string anchor_name(const yaml_char_t* a) { return a ? reinterpret_cast<const char*>(a) : ""; }

class Builder {
public:
    Builder(Document& doc, const Limits& limits, const ParseOptions& options)
        : m_doc(doc), m_limits(limits), m_options(options) {
        m_doc.locs.assign(1, NodeLoc{{1, 1}, {0, 0}, NodeLoc::k_none});
    }

    void on_scalar(const yaml_event_t& e) {
        LineCol at = pos(e.start_mark);
        std::string_view text = scalar_text(e);
        const char* tag = reinterpret_cast<const char*>(e.data.scalar.tag);
        std::string_view kind = tag ? std::string_view(tag)
                                    : (e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? "?" : "!");
        std::string anchor = anchor_name(e.data.scalar.anchor);
        if (key_expected()) {
            bool plain = kind == "?";
            bool null_key = plain && (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL");
            std::string key = null_key ? "null" : std::string(text);
            if (!anchor.empty()) {
                set_anchor(anchor, core::Json(key), 1, 0);
            }
            take_key(at, std::move(key), plain && text == "<<");
            return;
        }
        count_nodes(1, at);
        core::Json value = resolve_scalar(kind, text);
        if (!anchor.empty()) {
            set_anchor(anchor, value, 1, 0);
        }
        place(std::move(value), at, NodeLoc::k_none, 0);
    }

    void on_alias(const yaml_event_t& e) {
        LineCol at = pos(e.start_mark);
        std::string name = anchor_name(e.data.alias.anchor);
        auto it = m_anchors.find(name);
        if (it == m_anchors.end()) {
            fail("LD001", at, "YAML syntax error: alias '*" + name + "' refers to an unknown anchor");
        }
        if (!it->second.done) {
            fail("LD004", at, "alias '*" + name + "' refers to its own anchor (alias cycle)");
        }
        const AnchorEntry& entry = it->second;
        if (key_expected()) {
            if (!entry.value.is_primitive()) {
                fail("LD015", at, "mapping keys must be scalars");
            }
            take_key(at, entry.value.is_string() ? entry.value.get<std::string>() : entry.value.dump(), false);
            return;
        }
        count_nodes(entry.nodes, at);
        check_depth(static_cast<int>(m_stack.size()) + entry.height, at);
        place(core::Json(entry.value), at, NodeLoc::k_inherit, entry.height);
    }

    void on_start(const yaml_event_t& e, bool is_map) {
        LineCol at = pos(e.start_mark);
        if (key_expected()) {
            fail("LD015", at, "mapping keys must be scalars");
        }
        check_depth(static_cast<int>(m_stack.size()) + 1, at);
        count_nodes(1, at);
        const yaml_char_t* anchor = is_map ? e.data.mapping_start.anchor : e.data.sequence_start.anchor;
        Frame f;
        f.is_map = is_map;
        f.value = is_map ? core::Json::object() : core::Json::array();
        f.pos = at;
        f.key_pos = current_key_pos();
        f.anchor = anchor_name(anchor);
        if (!f.anchor.empty()) {
            m_anchors[f.anchor].done = false; // an alias inside is a cycle
        }
        f.nodes_at_start = m_nodes;
        f.pending_start = m_pending.size();
        m_stack.push_back(std::move(f));
    }

    void on_end() {
        if (m_stack.back().is_map) {
            apply_merges(m_stack.back());
        }
        Frame f = std::move(m_stack.back());
        m_stack.pop_back();
        std::size_t nodes = m_nodes - f.nodes_at_start + 1;
        int height = f.height + 1;
        if (!f.anchor.empty()) {
            set_anchor(f.anchor, f.value, nodes, height);
        }
        auto first = static_cast<std::uint32_t>(m_doc.locs.size());
        m_doc.locs.insert(m_doc.locs.end(), m_pending.begin() + static_cast<std::ptrdiff_t>(f.pending_start),
                          m_pending.end());
        m_pending.resize(f.pending_start);
        place_at(std::move(f.value), f.pos, f.key_pos, first, height);
    }

private:
    [[noreturn]] void fail(const char* code, LineCol at, std::string message) {
        throw Abort{make_error(code, {m_doc.file, at.line, at.col}, std::move(message))};
    }

    bool key_expected() const { return !m_stack.empty() && m_stack.back().is_map && m_stack.back().expecting_key; }

    LineCol current_key_pos() const {
        return !m_stack.empty() && m_stack.back().is_map ? m_stack.back().cur_key_pos : LineCol{};
    }

    void count_nodes(std::size_t n, LineCol at) {
        if (n > m_limits.max_nodes || m_nodes > m_limits.max_nodes - n) {
            fail("LD003", at,
                 "document expands to more than " + std::to_string(m_limits.max_nodes) +
                     " nodes through aliases (alias bomb)");
        }
        m_nodes += n;
    }

    void check_depth(int depth, LineCol at) {
        if (depth > m_limits.max_depth) {
            fail("LD002", at, "nesting deeper than " + std::to_string(m_limits.max_depth) + " levels");
        }
    }

    void set_anchor(const std::string& name, core::Json value, std::size_t nodes, int height) {
        AnchorEntry& e = m_anchors[name];
        e.value = std::move(value);
        e.nodes = nodes;
        e.height = height;
        e.done = true;
    }

    // Index of member `key` of mapping `f`, or k_no_index.
    static std::size_t find_key(const Frame& f, const std::string& key) {
        if (f.index) {
            auto it = f.index->find(key);
            return it == f.index->end() ? k_no_index : it->second;
        }
        const auto& obj = static_cast<const ObjectVec&>(f.value.get_ref<const core::Json::object_t&>());
        for (std::size_t i = 0; i < obj.size(); ++i) {
            if (obj[i].first == key) {
                return i;
            }
        }
        return k_no_index;
    }

    void take_key(LineCol at, std::string key, bool is_merge) {
        Frame& top = m_stack.back();
        top.expecting_key = false;
        top.key_is_merge = is_merge;
        top.replace_at = k_no_index;
        top.cur_key_pos = at;
        if (is_merge) {
            return;
        }
        std::size_t existing = find_key(top, key);
        if (existing != k_no_index) {
            int first_line = m_pending[top.pending_start + existing].key.line;
            std::string where = first_line > 0 ? " (first at line " + std::to_string(first_line) + ")" : "";
            if (!m_options.tolerate_duplicate_keys) {
                fail("LD005", at, "duplicate key '" + key + "'" + where);
            }
            m_doc.warnings.push_back(make_warning("LD040", {m_doc.file, at.line, at.col},
                                                  "duplicate key '" + key + "'" + where +
                                                      "; the later value is used, as dbt does"));
            top.replace_at = existing;
        }
        top.key = std::move(key);
    }

    static void insert_member(Frame& f, std::string key, core::Json value) {
        auto& obj = static_cast<ObjectVec&>(f.value.get_ref<core::Json::object_t&>());
        if (f.index) {
            f.index->emplace(key, obj.size());
        } else if (obj.size() + 1 >= k_index_threshold) {
            f.index = std::make_unique<std::unordered_map<std::string, std::size_t>>();
            f.index->reserve(obj.size() * 2 + 2);
            for (std::size_t i = 0; i < obj.size(); ++i) {
                f.index->emplace(obj[i].first, i);
            }
            f.index->emplace(key, obj.size());
        }
        obj.emplace_back(std::move(key), std::move(value));
    }

    void place(core::Json value, LineCol at, std::uint32_t first_child, int height) {
        place_at(std::move(value), at, current_key_pos(), first_child, height);
    }

    // Attaches a finished value and its location record to its parent (or makes it the root).
    void place_at(core::Json value, LineCol at, LineCol key_at, std::uint32_t first_child, int height) {
        NodeLoc rec{at, key_at, first_child};
        if (m_stack.empty()) {
            if (m_has_root) {
                return;
            }
            m_doc.root = std::move(value);
            m_doc.locs[0] = rec;
            m_has_root = true;
            return;
        }
        Frame& top = m_stack.back();
        top.height = std::max(top.height, height);
        if (!top.is_map) {
            top.value.get_ref<core::Json::array_t&>().push_back(std::move(value));
            m_pending.push_back(rec);
            return;
        }
        if (top.key_is_merge) {
            top.merges.emplace_back(std::move(value), top.cur_key_pos);
        } else if (top.replace_at != k_no_index) {
            auto& obj = static_cast<ObjectVec&>(top.value.get_ref<core::Json::object_t&>());
            obj[top.replace_at].second = std::move(value);
            m_pending[top.pending_start + top.replace_at] = rec;
        } else {
            insert_member(top, std::move(top.key), std::move(value));
            m_pending.push_back(rec);
        }
        top.key.clear();
        top.expecting_key = true;
        top.key_is_merge = false;
        top.replace_at = k_no_index;
    }

    // `<<: *base` / `<<: [*a, *b]`: keys of the merged mappings that the mapping does not set
    // itself are added; earlier merged mappings win over later ones.
    void apply_merges(Frame& f) {
        for (auto& [value, at] : f.merges) {
            std::vector<const core::Json*> sources;
            if (value.is_object()) {
                sources.push_back(&value);
            } else if (value.is_array()) {
                for (const auto& item : value) {
                    sources.push_back(&item);
                }
            }
            if (sources.empty()) {
                fail("LD001", at, "merge key '<<' needs a mapping or a list of mappings");
            }
            for (const auto* src : sources) {
                if (!src->is_object()) {
                    fail("LD001", at, "merge key '<<' needs a mapping or a list of mappings");
                }
                for (const auto& [k, v] : src->get_ref<const core::Json::object_t&>()) {
                    if (find_key(f, k) != k_no_index) {
                        continue;
                    }
                    insert_member(f, k, v);
                    m_pending.push_back(NodeLoc{at, at, NodeLoc::k_inherit});
                }
            }
        }
        f.merges.clear();
    }

    Document& m_doc;
    const Limits& m_limits;
    const ParseOptions& m_options;
    std::vector<Frame> m_stack;
    std::vector<NodeLoc> m_pending; // records of the children of the open containers
    std::unordered_map<std::string, AnchorEntry> m_anchors;
    std::size_t m_nodes = 0;
    bool m_has_root = false;
};

// A clearer message for the most common YAML mistake: a tab in the indentation.
bool tab_indentation(std::string_view text, int up_to_line, core::SourceLoc& at) {
    int line = 1;
    std::size_t i = 0;
    while (i < text.size() && line <= up_to_line) {
        std::size_t col = 0;
        while (i + col < text.size() && (text[i + col] == ' ' || text[i + col] == '\t')) {
            if (text[i + col] == '\t') {
                at.line = line;
                at.col = static_cast<int>(col) + 1;
                return true;
            }
            ++col;
        }
        auto nl = text.find('\n', i);
        if (nl == std::string_view::npos) {
            break;
        }
        i = nl + 1;
        ++line;
    }
    return false;
}

core::Diagnostic syntax_error(std::string_view text, const std::string& file, const yaml_parser_t& parser) {
    core::SourceLoc at{file, static_cast<int>(parser.problem_mark.line) + 1,
                       static_cast<int>(parser.problem_mark.column) + 1};
    core::SourceLoc tab{file, 0, 0};
    if (tab_indentation(text, at.line, tab)) {
        return make_error("LD001", tab, "tab character in indentation (YAML allows only spaces)");
    }
    std::string msg = parser.problem ? parser.problem : "invalid YAML";
    if (parser.context) {
        msg += std::string(" ") + parser.context;
        if (parser.context_mark.line != parser.problem_mark.line) {
            msg += " started at line " + std::to_string(parser.context_mark.line + 1);
        }
    }
    return make_error("LD001", at, "YAML syntax error: " + msg);
}

// Owns a libyaml parser over a string and its current event.
class EventReader {
public:
    explicit EventReader(std::string_view text) {
        yaml_parser_initialize(&m_parser);
        yaml_parser_set_input_string(&m_parser, reinterpret_cast<const unsigned char*>(text.data()), text.size());
        yaml_parser_set_encoding(&m_parser, YAML_UTF8_ENCODING);
    }
    ~EventReader() {
        release();
        yaml_parser_delete(&m_parser);
    }
    EventReader(const EventReader&) = delete;
    EventReader& operator=(const EventReader&) = delete;

    // The next event, or nullptr on a syntax error (see parser()).
    const yaml_event_t* next() {
        release();
        if (!yaml_parser_parse(&m_parser, &m_event)) {
            return nullptr;
        }
        m_has_event = true;
        return &m_event;
    }
    const yaml_parser_t& parser() const { return m_parser; }

private:
    void release() {
        if (m_has_event) {
            yaml_event_delete(&m_event);
            m_has_event = false;
        }
    }

    yaml_parser_t m_parser{};
    yaml_event_t m_event{};
    bool m_has_event = false;
};

} // namespace

util::Result<Document, core::Diagnostic> parse_yaml(std::string_view text, const std::string& file,
                                                    const Limits& limits, const ParseOptions& options) {
    auto ok = check_text(text, file, limits);
    if (!ok) {
        return util::unexpected(ok.error());
    }
    Document doc;
    doc.file = file;
    doc.root = nullptr;
    try {
        EventReader reader(text);
        Builder builder(doc, limits, options);
        int documents = 0;
        for (;;) {
            const yaml_event_t* e = reader.next();
            if (!e) {
                return util::unexpected(syntax_error(text, file, reader.parser()));
            }
            switch (e->type) {
            case YAML_STREAM_END_EVENT: return doc;
            case YAML_DOCUMENT_START_EVENT:
                if (++documents > 1) {
                    LineCol at = pos(e->start_mark);
                    return util::unexpected(make_error("LD015", {file, at.line, at.col},
                                                       "only one YAML document per file is supported"));
                }
                break;
            case YAML_SCALAR_EVENT: builder.on_scalar(*e); break;
            case YAML_ALIAS_EVENT: builder.on_alias(*e); break;
            case YAML_SEQUENCE_START_EVENT: builder.on_start(*e, false); break;
            case YAML_MAPPING_START_EVENT: builder.on_start(*e, true); break;
            case YAML_SEQUENCE_END_EVENT:
            case YAML_MAPPING_END_EVENT: builder.on_end(); break;
            default: break;
            }
        }
    } catch (const Abort& a) {
        return util::unexpected(a.diag);
    } catch (const std::exception& e) {
        return util::unexpected(make_error("LD001", {file, 1, 1}, std::string("YAML error: ") + e.what()));
    }
}

} // namespace dpipe::load
