#pragma once
// Tolerant recursive-descent parser for SQL scripts (one or more statements separated by ';').
//
// Never fails as a whole and never throws on input: what it does not understand becomes an
// Opaque node plus a warning diagnostic "SQ001" at the offending token; nesting deeper than
// ParseOptions::max_depth stops the parse with an error diagnostic "SQ002" (located).
// Non-query statements (CREATE, INSERT, ...) are recognised by kind and kept opaque.

#include "core/diagnostic.hpp"
#include "sql/ast.hpp"
#include "sql/dialect.hpp"
#include "sql/tokenizer.hpp"

#include <memory>
#include <string>
#include <vector>

namespace dpipe::sql {

struct ParseOptions {
    int max_depth = 500; // nesting levels of queries and expressions (a parenthesis takes two)
};

// One statement of a parsed script. Points into the Script's Ast: valid while the Script lives.
struct Statement {
    const Ast* ast = nullptr;
    NodeId node = k_no_node; // a Statement node; its child is a Query for query statements
    StatementKind kind = StatementKind::Other;
    core::SourceLoc loc;

    // The Query node of a query statement, else k_no_node.
    NodeId query() const;
};

class Script {
public:
    const Ast& ast() const { return *m_ast; }
    const std::vector<Statement>& statements() const { return m_statements; }
    const std::vector<core::Diagnostic>& diagnostics() const { return m_diagnostics; }
    // The comments of the source in order (trivia the parser skips), as views into the source.
    const std::vector<Token>& comments() const { return m_comments; }
    // True when a diagnostic of severity Error was produced (the depth limit).
    bool has_errors() const;
    // True when any diagnostic (SQ001 warning or error) was produced.
    bool has_diagnostics() const { return !m_diagnostics.empty(); }

private:
    friend class Parser;
    friend Script parse(std::string file, std::string source, Dialect dialect, const ParseOptions& options);
    std::shared_ptr<Ast> m_ast;
    std::vector<Statement> m_statements;
    std::vector<core::Diagnostic> m_diagnostics;
    std::vector<Token> m_comments;
};

// Parses `source`; `file` names it in locations. Empty statements (";;") are skipped.
Script parse(std::string file, std::string source, Dialect dialect, const ParseOptions& options = {});

} // namespace dpipe::sql
