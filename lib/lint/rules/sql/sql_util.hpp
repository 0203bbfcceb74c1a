#pragma once
// Helpers the SQL, style and security rules share: walking a parsed script, naming relations and
// columns, locating offsets of plain text, and the fixed rule metadata boilerplate. No state.

#include "lint/context.hpp"
#include "lint/rule.hpp"
#include "sql/ast.hpp"
#include "sql/parser.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::lint::rules {

// Calls f(id) for `root` and every node below it, parents before children. f returns false to
// skip the children of that node.
template <class F>
void walk(const sql::Ast& ast, sql::NodeId root, F&& f) {
    if (root == sql::k_no_node) {
        return;
    }
    std::vector<sql::NodeId> stack{root};
    while (!stack.empty()) {
        sql::NodeId id = stack.back();
        stack.pop_back();
        if (!f(id)) {
            continue;
        }
        auto kids = ast.children(id);
        for (std::size_t i = kids.size(); i > 0; --i) {
            stack.push_back(kids[i - 1]);
        }
    }
}

// Calls f(statement, id) for every node of every statement of the unit's parsed script.
template <class F>
void walk_unit(const SqlUnit& unit, F&& f) {
    if (unit.script == nullptr) {
        return;
    }
    const sql::Ast& ast = unit.script->ast();
    for (const auto& st : unit.script->statements()) {
        walk(ast, st.node, [&](sql::NodeId id) { return f(st, id); });
    }
}

// True for units whose SQL becomes a relation or a query dpipe runs (models, singular tests).
bool is_query_unit(const SqlUnit& unit);

// A finding at a byte offset of the unit's rendered SQL, located in the unit's own file.
Finding finding_at(const SqlUnit& unit, std::size_t rendered_offset, std::string message);
// A finding at a byte offset of `text` (the bytes of file `path`).
Finding finding_in_text(std::string_view path, std::string_view text, std::size_t offset,
                        std::string message);
// 1-based line and byte column of `offset` in `text`.
core::SourceLoc loc_in_text(std::string_view path, std::string_view text, std::size_t offset);

// The name a select item is known by: its alias, or the last part of a bare column; "" for an
// unnamed expression.
std::string_view output_name(const sql::Ast& ast, sql::NodeId select_item);
// The name a relation of a FROM is referred to by (its alias, else the last part of its name);
// "" when it has none.
std::string_view relation_name(const sql::Ast& ast, sql::NodeId table_expr);
// The name parts of a TableRef (its Ident children), in order.
std::vector<std::string_view> table_parts(const sql::Ast& ast, sql::NodeId table_ref);
// Calls f(id) for each relation (TableRef, DerivedTable, TableFunc, Pivot) joined under a From.
void for_each_relation(const sql::Ast& ast, sql::NodeId from, const std::function<void(sql::NodeId)>& f);
// The CTE names of every statement of the script (as written, unquoted).
std::vector<std::string_view> cte_names(const sql::Script& script);
bool contains_ci(const std::vector<std::string_view>& names, std::string_view name);

// ASCII case-insensitive helpers that do not allocate.
bool iequal(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);
std::size_t ifind(std::string_view haystack, std::string_view needle, std::size_t from = 0);

// Whether `path` starts with one of `prefixes`, or its file name starts with one of `names`.
bool path_selected(std::string_view path, const std::vector<std::string>& folders,
                   const std::vector<std::string>& name_prefixes);

} // namespace dpipe::lint::rules
