#include "lint/rules/sql/sql_util.hpp"

#include <algorithm>

namespace dpipe::lint::rules {

using sql::NodeId;
using sql::NodeKind;

bool is_query_unit(const SqlUnit& unit) {
    return unit.kind == SqlUnit::Kind::Model || unit.kind == SqlUnit::Kind::SingularTest;
}

Finding finding_at(const SqlUnit& unit, std::size_t rendered_offset, std::string message) {
    Finding f;
    f.loc = unit.locate_rendered(rendered_offset);
    f.message = std::move(message);
    return f;
}

core::SourceLoc loc_in_text(std::string_view path, std::string_view text, std::size_t offset) {
    core::SourceLoc loc;
    loc.file = std::string(path);
    offset = std::min(offset, text.size());
    int line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    }
    loc.line = line;
    loc.col = static_cast<int>(offset - line_start) + 1;
    return loc;
}

Finding finding_in_text(std::string_view path, std::string_view text, std::size_t offset,
                        std::string message) {
    Finding f;
    f.loc = loc_in_text(path, text, offset);
    f.message = std::move(message);
    return f;
}

std::string_view output_name(const sql::Ast& ast, NodeId item) {
    const auto kids = ast.children(item);
    if (kids.empty()) {
        return {};
    }
    NodeId alias = ast.child_of_kind(item, NodeKind::Alias);
    if (alias != sql::k_no_node) {
        NodeId ident = ast.child_of_kind(alias, NodeKind::Ident);
        return ident == sql::k_no_node ? std::string_view{} : ast.node(ident).text;
    }
    const sql::Node& expr = ast.node(kids[0]);
    if (expr.kind == NodeKind::ColumnRef && expr.child_count > 0) {
        auto parts = ast.children(kids[0]);
        return ast.node(parts[parts.size() - 1]).text;
    }
    return {};
}

std::string_view relation_name(const sql::Ast& ast, NodeId rel) {
    NodeId alias = ast.child_of_kind(rel, NodeKind::Alias);
    if (alias != sql::k_no_node) {
        NodeId ident = ast.child_of_kind(alias, NodeKind::Ident);
        return ident == sql::k_no_node ? std::string_view{} : ast.node(ident).text;
    }
    if (ast.node(rel).kind == NodeKind::TableRef) {
        auto parts = table_parts(ast, rel);
        return parts.empty() ? std::string_view{} : parts.back();
    }
    return {};
}

std::vector<std::string_view> table_parts(const sql::Ast& ast, NodeId table_ref) {
    std::vector<std::string_view> out;
    for (NodeId c : ast.children(table_ref)) {
        if (ast.node(c).kind == NodeKind::Ident) {
            out.push_back(ast.node(c).text);
        }
    }
    return out;
}

void for_each_relation(const sql::Ast& ast, NodeId from, const std::function<void(NodeId)>& f) {
    // A Join's two sides are relations or nested joins; a From's items likewise.
    std::vector<NodeId> pending;
    auto items = ast.children(from);
    for (std::size_t i = items.size(); i > 0; --i) {
        pending.push_back(items[i - 1]);
    }
    while (!pending.empty()) {
        NodeId id = pending.back();
        pending.pop_back();
        if (ast.node(id).kind != NodeKind::Join) {
            f(id);
            continue;
        }
        auto kids = ast.children(id);
        if (kids.size() >= 2) {
            pending.push_back(kids[1]);
            pending.push_back(kids[0]);
        }
    }
}

std::vector<std::string_view> cte_names(const sql::Script& script) {
    std::vector<std::string_view> out;
    const sql::Ast& ast = script.ast();
    for (const auto& st : script.statements()) {
        walk(ast, st.node, [&](NodeId id) {
            if (ast.node(id).kind == NodeKind::Cte) {
                NodeId name = ast.child_of_kind(id, NodeKind::Ident);
                if (name != sql::k_no_node) {
                    out.push_back(ast.node(name).text);
                }
            }
            return true;
        });
    }
    return out;
}

bool contains_ci(const std::vector<std::string_view>& names, std::string_view name) {
    return std::any_of(names.begin(), names.end(), [&](std::string_view n) { return iequal(n, name); });
}

namespace {
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
} // namespace

bool iequal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) {
            return false;
        }
    }
    return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequal(s.substr(0, prefix.size()), prefix);
}

std::size_t ifind(std::string_view haystack, std::string_view needle, std::size_t from) {
    if (needle.empty()) {
        return from <= haystack.size() ? from : std::string_view::npos;
    }
    const char first = lower(needle[0]);
    for (std::size_t i = from; i + needle.size() <= haystack.size(); ++i) {
        if (lower(haystack[i]) == first && iequal(haystack.substr(i, needle.size()), needle)) {
            return i;
        }
    }
    return std::string_view::npos;
}

bool path_selected(std::string_view path, const std::vector<std::string>& folders,
                   const std::vector<std::string>& name_prefixes) {
    for (const auto& f : folders) {
        if (!f.empty() && path.substr(0, f.size()) == f) {
            return true;
        }
    }
    std::size_t slash = path.rfind('/');
    std::string_view file = slash == std::string_view::npos ? path : path.substr(slash + 1);
    for (const auto& p : name_prefixes) {
        if (!p.empty() && file.substr(0, p.size()) == p) {
            return true;
        }
    }
    return false;
}

} // namespace dpipe::lint::rules
