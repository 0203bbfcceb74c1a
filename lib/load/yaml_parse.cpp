// YAML -> JSON with locations, built from yaml-cpp's event stream so every limit (depth, alias
// expansion, cycles, duplicate keys) is checked while parsing, before memory is spent.

#include "load/document.hpp"
#include "load/yaml_scalar.hpp"

#include "util/strings.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <istream>
#include <memory>
#include <streambuf>
#include <unordered_map>
#include <vector>

namespace dpipe::load {

namespace {

// Reads a string_view as an istream without copying it.
class ViewBuf : public std::streambuf {
public:
    explicit ViewBuf(std::string_view s) {
        char* p = const_cast<char*>(s.data());
        setg(p, p, p + s.size());
    }
};

// Thrown from the event handler to abandon the parse with a located diagnostic.
struct Abort {
    core::Diagnostic diag;
};

// Thrown when a second document starts.
struct SecondDocument {
    YAML::Mark mark;
};

using ObjectVec = std::vector<std::pair<const std::string, core::Json>>;

struct AnchorEntry {
    core::Json value;
    std::size_t nodes = 0;
    int height = 0;
    bool done = false;
    std::string name;
};

struct Frame {
    bool is_map = false;
    core::Json value;
    std::size_t pointer_len = 0;
    YAML::anchor_t anchor = YAML::NullAnchor;
    std::size_t nodes_at_start = 0;
    int height = 0; // of the deepest child, in containers
    // Mappings: the key waiting for its value.
    bool expecting_key = true;
    std::string key;
    bool key_is_merge = false;
    LineCol merge_pos;
    std::vector<std::pair<core::Json, LineCol>> merges;
    std::unique_ptr<std::unordered_map<std::string, bool>> index; // for large mappings
    std::size_t seq_index = 0;
};

constexpr std::size_t k_index_threshold = 32;

class Builder : public YAML::EventHandler {
public:
    Builder(Document& doc, const Limits& limits) : m_doc(doc), m_limits(limits) {}

    bool has_root() const { return m_has_root; }

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        if (key_expected()) {
            key_anchor(anchor, core::Json(nullptr));
            take_key(mark, "null", false);
            return;
        }
        count_nodes(1, mark);
        add_value(core::Json(nullptr), mark, anchor, 1, 0);
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        if (key_expected()) {
            key_anchor(anchor, core::Json(value));
            take_key(mark, value, tag == "?" && value == "<<");
            return;
        }
        count_nodes(1, mark);
        add_value(resolve_scalar(tag, value), mark, anchor, 1, 0);
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        if (anchor >= m_anchors.size() || !m_anchors[anchor].done) {
            std::string name = anchor < m_anchors.size() ? m_anchors[anchor].name : "";
            fail("LD004", mark, "alias '*" + name + "' refers to its own anchor (alias cycle)");
        }
        const AnchorEntry& entry = m_anchors[anchor];
        if (key_expected()) {
            if (!entry.value.is_primitive()) {
                fail("LD015", mark, "mapping keys must be scalars");
            }
            take_key(mark, entry.value.is_string() ? entry.value.get<std::string>() : entry.value.dump(),
                     false);
            return;
        }
        count_nodes(entry.nodes, mark);
        check_depth(static_cast<int>(m_stack.size()) + entry.height, mark);
        add_value(entry.value, mark, YAML::NullAnchor, entry.nodes, entry.height);
    }

    void OnAnchor(const YAML::Mark&, const std::string& name) override { m_pending_anchor_name = name; }

    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(mark, anchor, false);
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(mark, anchor, true);
    }
    void OnMapEnd() override {
        apply_merges(m_stack.back());
        close();
    }

private:
    static LineCol pos(const YAML::Mark& m) { return {m.line + 1, m.column + 1}; }

    [[noreturn]] void fail(const char* code, const YAML::Mark& mark, std::string message) {
        throw Abort{make_error(code, {m_doc.file, mark.line + 1, mark.column + 1}, std::move(message))};
    }

    bool key_expected() const { return !m_stack.empty() && m_stack.back().is_map && m_stack.back().expecting_key; }

    void count_nodes(std::size_t n, const YAML::Mark& mark) {
        if (n > m_limits.max_nodes || m_nodes > m_limits.max_nodes - n) {
            fail("LD003", mark,
                 "document expands to more than " + std::to_string(m_limits.max_nodes) +
                     " nodes through aliases (alias bomb)");
        }
        m_nodes += n;
    }

    void check_depth(int depth, const YAML::Mark& mark) {
        if (depth > m_limits.max_depth) {
            fail("LD002", mark, "nesting deeper than " + std::to_string(m_limits.max_depth) + " levels");
        }
    }

    void register_anchor(YAML::anchor_t anchor) {
        if (anchor == YAML::NullAnchor) {
            return;
        }
        if (anchor >= m_anchors.size()) {
            m_anchors.resize(anchor + 1);
        }
        m_anchors[anchor].name = std::move(m_pending_anchor_name);
        m_pending_anchor_name.clear();
    }

    // An anchor on a mapping key: remember it as a plain value for later aliases.
    void key_anchor(YAML::anchor_t anchor, core::Json value) {
        if (anchor == YAML::NullAnchor) {
            return;
        }
        register_anchor(anchor);
        AnchorEntry& e = m_anchors[anchor];
        e.value = std::move(value);
        e.nodes = 1;
        e.height = 0;
        e.done = true;
    }

    // Extends m_pointer with the position of the next child of the top frame.
    void push_child_pointer() {
        if (m_stack.empty()) {
            return;
        }
        Frame& top = m_stack.back();
        m_pointer.resize(top.pointer_len);
        if (top.is_map) {
            pointer_append(m_pointer, top.key);
        } else {
            m_pointer += '/';
            m_pointer += std::to_string(top.seq_index);
        }
    }

    void take_key(const YAML::Mark& mark, const std::string& key, bool is_merge) {
        Frame& top = m_stack.back();
        top.expecting_key = false;
        top.key_is_merge = is_merge;
        if (is_merge) {
            top.merge_pos = pos(mark);
            return;
        }
        m_pointer.resize(top.pointer_len);
        pointer_append(m_pointer, key);
        if (has_key(top, key)) {
            auto first = m_doc.key_locs.find(m_pointer);
            std::string where = first != m_doc.key_locs.end()
                                    ? " (first at line " + std::to_string(first->second.line) + ")"
                                    : "";
            fail("LD005", mark, "duplicate key '" + key + "'" + where);
        }
        m_doc.key_locs[m_pointer] = pos(mark);
        top.key = key;
    }

    static bool has_key(const Frame& f, const std::string& key) {
        if (f.index) {
            return f.index->count(key) > 0;
        }
        for (const auto& kv : f.value.get_ref<const core::Json::object_t&>()) {
            if (kv.first == key) {
                return true;
            }
        }
        return false;
    }

    static void insert_member(Frame& f, const std::string& key, core::Json value) {
        auto& obj = static_cast<ObjectVec&>(f.value.get_ref<core::Json::object_t&>());
        obj.emplace_back(key, std::move(value));
        if (f.index) {
            f.index->emplace(key, true);
        } else if (obj.size() >= k_index_threshold) {
            f.index = std::make_unique<std::unordered_map<std::string, bool>>();
            for (const auto& kv : obj) {
                f.index->emplace(kv.first, true);
            }
        }
    }

    void open(const YAML::Mark& mark, YAML::anchor_t anchor, bool is_map) {
        if (key_expected()) {
            fail("LD015", mark, "mapping keys must be scalars");
        }
        check_depth(static_cast<int>(m_stack.size()) + 1, mark);
        count_nodes(1, mark);
        register_anchor(anchor);
        push_child_pointer();
        if (m_stack.empty()) {
            m_pointer.clear();
        }
        m_doc.value_locs[m_pointer] = pos(mark);
        Frame f;
        f.is_map = is_map;
        f.value = is_map ? core::Json::object() : core::Json::array();
        f.pointer_len = m_pointer.size();
        f.anchor = anchor;
        f.nodes_at_start = m_nodes;
        m_stack.push_back(std::move(f));
    }

    void close() {
        Frame f = std::move(m_stack.back());
        m_stack.pop_back();
        std::size_t nodes = m_nodes - f.nodes_at_start + 1;
        int height = f.height + 1;
        if (f.anchor != YAML::NullAnchor) {
            AnchorEntry& e = m_anchors[f.anchor];
            e.value = f.value;
            e.nodes = nodes;
            e.height = height;
            e.done = true;
        }
        m_pointer.resize(m_stack.empty() ? 0 : m_stack.back().pointer_len);
        place(std::move(f.value), height);
    }

    void add_value(core::Json value, const YAML::Mark& mark, YAML::anchor_t anchor, std::size_t nodes,
                   int height) {
        if (anchor != YAML::NullAnchor) {
            register_anchor(anchor);
            AnchorEntry& e = m_anchors[anchor];
            e.value = value;
            e.nodes = nodes;
            e.height = height;
            e.done = true;
        }
        push_child_pointer();
        if (m_stack.empty()) {
            m_pointer.clear();
        }
        if (m_stack.empty() || !m_stack.back().is_map || !m_stack.back().key_is_merge) {
            m_doc.value_locs[m_pointer] = pos(mark);
        }
        m_pointer.resize(m_stack.empty() ? 0 : m_stack.back().pointer_len);
        place(std::move(value), height);
    }

    // Attaches a finished value to its parent (or makes it the root).
    void place(core::Json value, int height) {
        if (m_stack.empty()) {
            m_doc.root = std::move(value);
            m_has_root = true;
            return;
        }
        Frame& top = m_stack.back();
        top.height = std::max(top.height, height);
        if (!top.is_map) {
            top.value.push_back(std::move(value));
            ++top.seq_index;
            return;
        }
        if (top.key_is_merge) {
            top.merges.emplace_back(std::move(value), top.merge_pos);
        } else {
            insert_member(top, top.key, std::move(value));
        }
        top.expecting_key = true;
        top.key_is_merge = false;
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
            for (const auto* src : sources) {
                if (!src->is_object()) {
                    throw Abort{make_error("LD001", {m_doc.file, at.line, at.col},
                                           "merge key '<<' needs a mapping or a list of mappings")};
                }
                for (const auto& [k, v] : src->items()) {
                    if (has_key(f, k)) {
                        continue;
                    }
                    std::string ptr = m_pointer.substr(0, f.pointer_len);
                    pointer_append(ptr, k);
                    m_doc.key_locs[ptr] = at;
                    m_doc.value_locs[ptr] = at;
                    insert_member(f, k, v);
                }
            }
            if (sources.empty()) {
                throw Abort{make_error("LD001", {m_doc.file, at.line, at.col},
                                       "merge key '<<' needs a mapping or a list of mappings")};
            }
        }
        f.merges.clear();
    }

    Document& m_doc;
    const Limits& m_limits;
    std::vector<Frame> m_stack;
    std::vector<AnchorEntry> m_anchors;
    std::string m_pending_anchor_name;
    std::string m_pointer;
    std::size_t m_nodes = 0;
    bool m_has_root = false;
};

// Stops at the start of a second document.
class SecondDocumentProbe : public YAML::EventHandler {
public:
    void OnDocumentStart(const YAML::Mark& mark) override { throw SecondDocument{mark}; }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
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

core::Diagnostic syntax_error(std::string_view text, const std::string& file, const YAML::Mark& mark,
                              const std::string& msg) {
    core::SourceLoc at{file, 1, 1};
    if (!mark.is_null()) {
        at.line = mark.line + 1;
        at.col = mark.column + 1;
    }
    core::SourceLoc tab{file, 0, 0};
    if (tab_indentation(text, at.line, tab)) {
        return make_error("LD001", tab, "tab character in indentation (YAML allows only spaces)");
    }
    std::string m = msg.empty() ? "invalid YAML" : msg;
    return make_error("LD001", at, "YAML syntax error: " + m);
}

} // namespace

util::Result<Document, core::Diagnostic> parse_yaml(std::string_view text, const std::string& file,
                                                    const Limits& limits) {
    auto ok = check_text(text, file, limits);
    if (!ok) {
        return util::unexpected(ok.error());
    }
    Document doc;
    doc.file = file;
    doc.root = nullptr;
    try {
        ViewBuf buf(text);
        std::istream in(&buf);
        YAML::Parser parser(in);
        Builder builder(doc, limits);
        parser.HandleNextDocument(builder);
        SecondDocumentProbe probe;
        try {
            parser.HandleNextDocument(probe);
        } catch (const SecondDocument& second) {
            return util::unexpected(make_error("LD015",
                                               {file, second.mark.line + 1, second.mark.column + 1},
                                               "only one YAML document per file is supported"));
        }
    } catch (const Abort& a) {
        return util::unexpected(a.diag);
    } catch (const YAML::DeepRecursion& e) {
        return util::unexpected(make_error("LD002", {file, e.mark.line + 1, e.mark.column + 1},
                                           "nesting deeper than " + std::to_string(limits.max_depth) +
                                               " levels"));
    } catch (const YAML::Exception& e) {
        return util::unexpected(syntax_error(text, file, e.mark, e.msg));
    } catch (const std::exception& e) {
        return util::unexpected(make_error("LD001", {file, 1, 1}, std::string("YAML error: ") + e.what()));
    }
    if (doc.value_locs.find("") == doc.value_locs.end()) {
        doc.value_locs[""] = {1, 1};
    }
    return doc;
}

} // namespace dpipe::load
