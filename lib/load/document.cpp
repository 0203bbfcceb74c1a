#include "load/document.hpp"

#include "util/strings.hpp"

#include <cstdio>
#include <cstring>

namespace dpipe::load {

Node Document::node() const {
    static const NodeLoc k_file_start{{1, 1}, {0, 0}, NodeLoc::k_none};
    return Node(this, &root, locs.empty() ? k_file_start : locs.front());
}

namespace {

std::string unescape_token(std::string_view t) {
    std::string out;
    out.reserve(t.size());
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '~' && i + 1 < t.size()) {
            out += t[i + 1] == '1' ? '/' : '~';
            ++i;
        } else {
            out += t[i];
        }
    }
    return out;
}

Node walk(const Document& doc, std::string_view pointer) {
    Node n = doc.node();
    std::size_t i = 0;
    while (i < pointer.size()) {
        std::size_t next = pointer.find('/', i + 1);
        if (next == std::string_view::npos) {
            next = pointer.size();
        }
        std::string token = unescape_token(pointer.substr(i + 1, next - i - 1));
        if (n.is_array()) {
            bool digits = !token.empty() && token.size() <= 9 &&
                          token.find_first_not_of("0123456789") == std::string::npos;
            n = digits ? n[static_cast<std::size_t>(std::stoul(token))] : n[std::string_view()]; // missing
        } else {
            n = n[std::string_view(token)];
        }
        i = next;
    }
    return n;
}

bool find_path(const core::Json& v, const core::Json* target, std::string& path) {
    if (&v == target) {
        return true;
    }
    if (v.is_object()) {
        for (const auto& kv : v.get_ref<const core::Json::object_t&>()) {
            std::size_t len = path.size();
            pointer_append(path, kv.first);
            if (find_path(kv.second, target, path)) {
                return true;
            }
            path.resize(len);
        }
    } else if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i) {
            std::size_t len = path.size();
            path += '/';
            path += std::to_string(i);
            if (find_path(v[i], target, path)) {
                return true;
            }
            path.resize(len);
        }
    }
    return false;
}

} // namespace

core::SourceLoc Document::loc(std::string_view pointer) const {
    return walk(*this, pointer).loc();
}

core::SourceLoc Document::key_loc(std::string_view pointer) const {
    return walk(*this, pointer).key_loc();
}

std::string Document::pointer_of(const core::Json* value) const {
    std::string path;
    if (value && find_path(root, value, path)) {
        return path;
    }
    return "";
}

Node::Node(const Document* doc, const core::Json* value, const NodeLoc& rec) : m_doc(doc), m_value(value), m_rec(rec) {}

const core::Json& Node::json() const {
    static const core::Json k_null;
    return m_value ? *m_value : k_null;
}

std::size_t Node::size() const {
    return m_value && (m_value->is_object() || m_value->is_array()) ? m_value->size() : 0;
}

Node Node::missing() const {
    Node n;
    n.m_doc = m_doc;
    n.m_rec.value = m_rec.value;
    n.m_rec.first_child = NodeLoc::k_inherit;
    return n;
}

Node Node::child(const core::Json* value, std::size_t index) const {
    NodeLoc rec;
    std::uint32_t first = m_rec.first_child;
    if (first < NodeLoc::k_inherit && m_doc && first + index < m_doc->locs.size()) {
        rec = m_doc->locs[first + index];
    } else {
        rec.value = m_rec.value;
        rec.key = m_rec.value;
        rec.first_child = NodeLoc::k_inherit;
    }
    return Node(m_doc, value, rec);
}

Node Node::operator[](std::string_view key) const {
    if (!is_object()) {
        return missing();
    }
    std::size_t i = 0;
    for (const auto& kv : m_value->get_ref<const core::Json::object_t&>()) {
        if (kv.first == key) {
            return child(&kv.second, i);
        }
        ++i;
    }
    return missing();
}

Node Node::operator[](std::size_t index) const {
    if (!is_array() || index >= m_value->size()) {
        return missing();
    }
    return child(&(*m_value)[index], index);
}

core::SourceLoc Node::loc() const {
    std::string file = m_doc ? m_doc->file : std::string();
    if (m_rec.value.line <= 0) {
        return {std::move(file), 1, 1};
    }
    return {std::move(file), m_rec.value.line, m_rec.value.col};
}

core::SourceLoc Node::key_loc() const {
    if (!m_value || m_rec.key.line <= 0) {
        return loc();
    }
    return {m_doc ? m_doc->file : std::string(), m_rec.key.line, m_rec.key.col};
}

std::string Node::pointer() const {
    return m_doc ? m_doc->pointer_of(m_value) : std::string();
}

void pointer_append(std::string& pointer, std::string_view token) {
    pointer += '/';
    for (char c : token) {
        if (c == '~') {
            pointer += "~0";
        } else if (c == '/') {
            pointer += "~1";
        } else {
            pointer += c;
        }
    }
}

std::string pointer_join(std::string_view pointer, std::string_view token) {
    std::string out(pointer);
    pointer_append(out, token);
    return out;
}

std::string pointer_join(std::string_view pointer, std::size_t index) {
    std::string out(pointer);
    out += '/';
    out += std::to_string(index);
    return out;
}

core::Diagnostic make_error(std::string code, core::SourceLoc loc, std::string message) {
    return core::Diagnostic{core::Severity::Error, std::move(code), std::move(loc), std::move(message), {}};
}

core::Diagnostic make_warning(std::string code, core::SourceLoc loc, std::string message) {
    return core::Diagnostic{core::Severity::Warning, std::move(code), std::move(loc), std::move(message), {}};
}

util::Result<bool, core::Diagnostic> check_json_limits(const core::Json& value, const Limits& limits,
                                                       const core::SourceLoc& loc) {
    std::vector<std::pair<const core::Json*, int>> stack{{&value, 1}};
    std::size_t nodes = 0;
    while (!stack.empty()) {
        auto [v, depth] = stack.back();
        stack.pop_back();
        if (++nodes > limits.max_nodes) {
            return util::unexpected(make_error("LD003", loc,
                                               "more than " + std::to_string(limits.max_nodes) + " values"));
        }
        if (!v->is_object() && !v->is_array()) {
            continue;
        }
        if (depth > limits.max_depth) {
            return util::unexpected(
                make_error("LD002", loc, "nesting deeper than " + std::to_string(limits.max_depth) + " levels"));
        }
        if (v->is_object()) {
            for (const auto& kv : v->get_ref<const core::Json::object_t&>()) {
                stack.emplace_back(&kv.second, depth + 1);
            }
        } else {
            for (const auto& item : *v) {
                stack.emplace_back(&item, depth + 1);
            }
        }
    }
    return true;
}

util::Result<bool, core::Diagnostic> check_text(std::string_view text, const std::string& file,
                                                const Limits& limits) {
    if (text.size() > limits.max_file_bytes) {
        return util::unexpected(make_error("LD008", {file, 1, 1},
                                           "file is larger than the limit of " +
                                               std::to_string(limits.max_file_bytes) + " bytes"));
    }
    if (const void* nul = std::memchr(text.data(), '\0', text.size())) {
        auto off = static_cast<std::size_t>(static_cast<const char*>(nul) - text.data());
        auto lc = util::line_col_at(text, off);
        return util::unexpected(make_error("LD007", {file, lc.line, lc.col},
                                           "binary file: NUL byte where text was expected"));
    }
    std::size_t bad = 0;
    if (!util::valid_utf8(text, &bad)) {
        auto lc = util::line_col_at(text, bad);
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[bad]));
        return util::unexpected(make_error("LD006", {file, lc.line, lc.col},
                                           std::string("invalid UTF-8 byte ") + hex));
    }
    return true;
}

} // namespace dpipe::load
