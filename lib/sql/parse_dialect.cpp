// Dialect clauses: hierarchical queries, Spark distribution clauses, ClickHouse PREWHERE,
// SETTINGS, FORMAT, ARRAY JOIN and FINAL, T-SQL TOP / APPLY / table hints, Spark LATERAL VIEW,
// MATCH_RECOGNIZE (kept opaque) and the clauses of SQL/JSON functions.
#include "sql/parser_impl.hpp"

#include <cctype>

namespace dpipe::sql {

namespace {

// Words that make up the SQL/JSON function clauses (json_query, json_value, json_exists).
constexpr std::string_view k_json_words[] = {
    "omit",          "keep",  "quotes",  "scalar", "string", "with",     "without", "conditional",
    "unconditional", "array", "wrapper", "null",   "error",  "empty",    "object",  "on",
    "true",          "false", "unknown", "format", "json",   "encoding", "utf8",    "utf16",
    "utf32",
};

constexpr std::string_view k_json_starts[] = {
    "omit",  "keep", "with",  "without", "null",   "error",
    "empty", "true", "false", "unknown", "format", "on",
};

} // namespace

bool Parser::at_dialect_clause(std::size_t k) const {
    const Token& t = peek(k);
    if (t.kind != TokenKind::Word) {
        return false;
    }
    if ((is_kw(t, "distribute") || is_kw(t, "cluster") || is_kw(t, "sort")) &&
        peek_kw("by", k + 1)) {
        return true;
    }
    if (is_kw(t, "start") && peek_kw("with", k + 1)) {
        return true;
    }
    if ((is_kw(t, "match_recognize") || is_kw(t, "match_condition")) && peek(k + 1).kind == TokenKind::LParen) {
        return true;
    }
    if (is_kw(t, "lateral") || is_kw(t, "apply")) {
        return true;
    }
    if (m_dialect == Dialect::ClickHouse) {
        return is_kw(t, "final") || is_kw(t, "prewhere") || is_kw(t, "settings") ||
               (is_kw(t, "format") && peek(k + 1).kind == TokenKind::Word) ||
               (is_kw(t, "array") && peek_kw("join", k + 1));
    }
    return false;
}

NodeId Parser::parse_clause(std::string_view text, std::size_t words, bool order_items) {
    std::uint32_t begin = offset();
    for (std::size_t i = 0; i < words; ++i) {
        advance();
    }
    std::size_t mk = mark();
    do {
        std::uint32_t b = offset();
        std::size_t m2 = mark();
        push(parse_expr());
        if (order_items) {
            std::string_view dir = accept_kw("asc") ? "ASC" : accept_kw("desc") ? "DESC" : "";
            push(finish(NodeKind::OrderItem, b, m2, dir));
        }
    } while (accept(TokenKind::Comma) && !at_end());
    return finish(NodeKind::Clause, begin, mk, text);
}

void Parser::parse_hierarchy_clauses() {
    int chain = 0;
    while (chain_ok(chain)) {
        m_hierarchical = true;
        if (peek_kw("start") && peek_kw("with", 1)) {
            push(parse_clause("START WITH", 2));
        } else if (peek_kw("connect") && peek_kw("by", 1)) {
            if (peek_kw("nocycle", 2)) {
                advance();
                push(parse_clause("CONNECT BY NOCYCLE", 2));
            } else {
                push(parse_clause("CONNECT BY", 2));
            }
        } else {
            break;
        }
    }
    m_hierarchical = false;
}

void Parser::parse_prewhere() {
    if (m_dialect == Dialect::ClickHouse && peek_kw("prewhere")) {
        push(parse_clause("PREWHERE", 1));
    }
}

void Parser::parse_query_extras() {
    int chain = 0;
    while (chain_ok(chain)) {
        if (peek_kw("distribute") && peek_kw("by", 1)) {
            push(parse_clause("DISTRIBUTE BY", 2));
        } else if (peek_kw("cluster") && peek_kw("by", 1)) {
            push(parse_clause("CLUSTER BY", 2));
        } else if (peek_kw("sort") && peek_kw("by", 1)) {
            push(parse_clause("SORT BY", 2, true));
        } else if (m_dialect == Dialect::ClickHouse && peek_kw("settings")) {
            push(parse_clause("SETTINGS", 1));
        } else if (m_dialect == Dialect::ClickHouse && peek_kw("format") &&
                   peek(1).kind == TokenKind::Word) {
            std::uint32_t b = offset();
            advance();
            std::size_t mk = mark();
            push(parse_ident());
            push(finish(NodeKind::Clause, b, mk, "FORMAT"));
        } else {
            break;
        }
    }
}

bool Parser::at_select_prefix() const {
    // TOP (n) only in T-SQL: elsewhere top(x) is a function call.
    return (peek_kw("top") &&
            (peek(1).kind == TokenKind::Number ||
             (m_dialect == Dialect::SQLServer && peek(1).kind == TokenKind::LParen))) ||
           (peek_kw("as") && (peek_kw("struct", 1) || peek_kw("value", 1)));
}

NodeId Parser::parse_select_prefix() {
    std::size_t from = m_pos;
    std::uint32_t b = offset();
    advance();
    if (peek().kind == TokenKind::LParen) {
        skip_group();
    } else {
        advance();
    }
    if (peek_kw("percent")) {
        advance();
    }
    if (peek_kw("with") && peek_kw("ties", 1)) {
        advance();
        advance();
    }
    std::string text(join_tokens(from, m_pos));
    for (char& c : text) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return leaf(NodeKind::Opaque, b, m_ast.intern(std::move(text)));
}

bool Parser::at_json_clause() const {
    if (peek_kw("returning") || (peek_kw("default") && !peek_kw("on", 1))) {
        return true;
    }
    for (std::string_view w : k_json_starts) {
        if (peek_kw(w)) {
            // `with` / `format` / `null` ... only start a clause when another clause word follows.
            for (std::string_view n : k_json_words) {
                if (peek_kw(n, 1)) {
                    return true;
                }
            }
            return false;
        }
    }
    return false;
}

NodeId Parser::parse_json_clause() {
    std::uint32_t b = offset();
    std::size_t mk = mark();
    if (accept_kw("returning")) {
        push(parse_type());
        return finish(NodeKind::NamedArg, b, mk, "RETURNING");
    }
    if (accept_kw("default")) {
        push(parse_expr());
        return finish(NodeKind::NamedArg, b, mk, "DEFAULT");
    }
    std::size_t from = m_pos;
    for (;;) {
        bool word = false;
        for (std::string_view w : k_json_words) {
            if (peek_kw(w)) {
                word = true;
                break;
            }
        }
        if (!word) {
            break;
        }
        advance();
    }
    return leaf(NodeKind::NamedArg, b, upper_words(from, m_pos));
}

NodeId Parser::parse_special_join(NodeId left, std::uint32_t begin) {
    std::string_view text;
    std::size_t words = 0;
    if ((peek_kw("cross") || peek_kw("outer")) && peek_kw("apply", 1)) {
        text = peek_kw("cross") ? "CROSS APPLY" : "OUTER APPLY";
        words = 2;
    } else if (m_dialect == Dialect::ClickHouse && peek_kw("array") && peek_kw("join", 1)) {
        text = "ARRAY JOIN";
        words = 2;
    } else if (m_dialect == Dialect::ClickHouse && peek_kw("left") && peek_kw("array", 1) &&
               peek_kw("join", 2)) {
        text = "LEFT ARRAY JOIN";
        words = 3;
    } else if (peek_kw("lateral") && peek_kw("view", 1)) {
        text = peek_kw("outer", 2) ? "LATERAL VIEW OUTER" : "LATERAL VIEW";
        words = peek_kw("outer", 2) ? 3 : 2;
    } else {
        return k_no_node;
    }
    for (std::size_t i = 0; i < words; ++i) {
        advance();
    }
    std::size_t mk = mark();
    push(left);
    if (text == "ARRAY JOIN" || text == "LEFT ARRAY JOIN") {
        std::uint32_t b = offset();
        std::size_t m2 = mark();
        do {
            push(parse_select_item());
        } while (accept(TokenKind::Comma) && !at_end());
        push(finish(NodeKind::Clause, b, m2));
    } else if (text.starts_with("LATERAL VIEW")) {
        // generator(...) [table] AS col [, col ...]  (also printed as: generator(...) AS table
        // (cols))
        std::uint32_t b = offset();
        std::size_t m2 = mark();
        std::size_t m3 = mark();
        parse_name_parts();
        if (peek().kind != TokenKind::LParen) {
            m_stack.resize(m3);
            push(opaque("expected a generator function after LATERAL VIEW"));
        } else {
            push(parse_function(b, m3));
            std::uint32_t ab = offset();
            std::size_t m4 = mark();
            accept_kw("as");
            push(parse_ident());
            std::uint32_t cb = offset();
            if (peek().kind == TokenKind::LParen) {
                push(parse_ident_list(NodeKind::ColumnList));
            } else {
                std::size_t m5 = mark();
                if (accept_kw("as")) {
                    do {
                        push(parse_ident());
                    } while (peek().kind == TokenKind::Comma && is_ident_token(peek(1)) &&
                             accept(TokenKind::Comma));
                } else {
                    push(leaf(NodeKind::Ident, cb, m_ast.node(m_stack[m4]).text,
                              m_ast.node(m_stack[m4]).flags));
                }
                push(finish(NodeKind::ColumnList, cb, m5));
            }
            push(finish(NodeKind::Alias, ab, m4));
        }
        push(finish(NodeKind::TableFunc, b, m2));
    } else {
        push(parse_table_primary());
    }
    return finish(NodeKind::Join, begin, mk, text);
}

bool Parser::cast_is_call() const {
    int depth = 0;
    for (std::size_t k = 1;; ++k) {
        const Token& t = peek(k);
        if (t.kind == TokenKind::End || t.kind == TokenKind::Semicolon) {
            return false;
        }
        if (t.kind == TokenKind::LParen || t.kind == TokenKind::LBracket) {
            ++depth;
        } else if (t.kind == TokenKind::RParen || t.kind == TokenKind::RBracket) {
            if (--depth <= 0) {
                return false;
            }
        } else if (depth == 1 && (t.kind == TokenKind::Comma || is_kw(t, "as"))) {
            return t.kind == TokenKind::Comma;
        }
    }
}

void Parser::parse_table_suffixes() {
    int chain = 0;
    while (chain_ok(chain)) {
        std::size_t from = m_pos;
        std::uint32_t b = offset();
        if (peek_kw("match_recognize") && peek(1).kind == TokenKind::LParen) {
            advance();
            skip_group();
        } else if (m_dialect == Dialect::ClickHouse && peek_kw("final")) {
            advance();
        } else if (m_dialect == Dialect::SQLServer && peek_kw("with") &&
                   peek(1).kind == TokenKind::LParen) {
            advance();
            skip_group();
        } else {
            return;
        }
        push(leaf(NodeKind::Opaque, b, join_tokens(from, m_pos)));
    }
}

} // namespace dpipe::sql
