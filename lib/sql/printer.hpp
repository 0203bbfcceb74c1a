#pragma once
// Prints an AST back to SQL text, normalised: keywords upper-case, single spaces, identifiers
// as folded (quoted when they were quoted), optional noise words dropped (OUTER, AS for tables).
// Property (tested over the corpus): parse(print(parse(x))) has the same structure as parse(x).

#include "sql/ast.hpp"
#include "sql/parser.hpp"

#include <string>

namespace dpipe::sql {

// The subtree rooted at `id` as SQL text.
std::string print(const Ast& ast, NodeId id);
// One statement, without a trailing ';'.
std::string print(const Statement& statement);
// All statements of a script, each followed by ";\n".
std::string print(const Script& script);

} // namespace dpipe::sql
