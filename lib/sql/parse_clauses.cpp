// Names (identifiers, dotted name parts), PIVOT, GROUP BY, ORDER BY, USING, table modifiers and
// empty queries.
#include "sql/parser_impl.hpp"

namespace dpipe::sql {

NodeId Parser::parse_ident() {
    const Token& t = peek();
    std::uint32_t begin = t.offset;
    if (t.kind == TokenKind::QuotedIdent && t.text.size() >= 2) {
        advance();
        char close = t.text.back();
        std::string_view body = t.text.substr(1, t.text.size() - 2);
        if (body.find(close) == std::string_view::npos || close == ']') {
            return leaf(NodeKind::Ident, begin, body, k_flag_quoted);
        }
        std::string un;
        for (std::size_t i = 0; i < body.size(); ++i) {
            un += body[i];
            if (body[i] == close && i + 1 < body.size() && body[i + 1] == close) {
                ++i;
            }
        }
        return leaf(NodeKind::Ident, begin, m_ast.intern(std::move(un)), k_flag_quoted);
    }
    if (t.kind == TokenKind::Word) {
        advance();
        std::string_view folded = fold_identifier(t.text, m_dialect, m_fold_buffer);
        if (folded.data() != t.text.data()) {
            folded = m_ast.intern(std::string(folded));
        }
        return leaf(NodeKind::Ident, begin, folded);
    }
    return opaque("expected an identifier");
}

// BigQuery writes whole paths in one quoted identifier: `project.dataset.table`.
std::size_t Parser::parse_name_parts() {
    std::size_t count = 0;
    for (;;) {
        const Token& t = peek();
        if (m_dialect == Dialect::BigQuery && t.kind == TokenKind::QuotedIdent &&
            t.text.find('.') != std::string_view::npos && t.text.size() >= 2) {
            advance();
            std::string_view body = t.text.substr(1, t.text.size() - 2);
            std::size_t start = 0;
            while (start <= body.size()) {
                std::size_t dot = body.find('.', start);
                std::size_t stop = dot == std::string_view::npos ? body.size() : dot;
                push(leaf(NodeKind::Ident, t.offset + 1 + static_cast<std::uint32_t>(start),
                          body.substr(start, stop - start), k_flag_quoted));
                ++count;
                if (dot == std::string_view::npos) {
                    break;
                }
                start = dot + 1;
            }
        } else {
            push(parse_ident());
            ++count;
        }
        if (peek().kind == TokenKind::Dot &&
            (peek(1).kind == TokenKind::Word || peek(1).kind == TokenKind::QuotedIdent)) {
            advance();
            continue;
        }
        return count;
    }
}

NodeId Parser::parse_ident_list(NodeKind kind) {
    std::uint32_t begin = offset();
    std::size_t mk = mark();
    expect(TokenKind::LParen, "'('");
    while (!at_end() && peek().kind != TokenKind::RParen) {
        push(parse_ident());
        if (!accept(TokenKind::Comma)) {
            break;
        }
    }
    expect(TokenKind::RParen, "')'");
    return finish(kind, begin, mk);
}

NodeId Parser::parse_pivot(NodeId source, std::uint32_t begin) {
    std::size_t mk = mark();
    push(source);
    std::string_view which = peek_kw("pivot") ? "PIVOT" : "UNPIVOT";
    std::uint32_t sb = offset();
    advance();
    if (accept_kw("include") || accept_kw("exclude")) {
        expect_kw("nulls");
    }
    std::size_t m2 = mark();
    if (expect(TokenKind::LParen, "'('")) {
        std::uint32_t lb = offset();
        std::size_t m3 = mark();
        do {
            push(parse_select_item());
        } while (accept(TokenKind::Comma) && !at_end());
        push(finish(NodeKind::SelectList, lb, m3));
        expect_kw("for");
        push(parse_expr(5));
        expect_kw("in");
        std::uint32_t ib = offset();
        std::size_t m4 = mark();
        if (peek().kind == TokenKind::LParen && (peek_kw("any", 1) || starts_query(1))) {
            // Snowflake dynamic pivot: IN (ANY [ORDER BY ...]) or IN (subquery); the output
            // columns depend on the data.
            advance();
            std::size_t from = m_pos;
            while (!at_end() && peek().kind != TokenKind::RParen) {
                skip_group();
            }
            push(leaf(NodeKind::Opaque, m_tokens[from].offset, join_tokens(from, m_pos)));
            expect(TokenKind::RParen, "')'");
        } else if (expect(TokenKind::LParen, "'('")) {
            while (!at_end() && peek().kind != TokenKind::RParen) {
                push(parse_select_item());
                if (!accept(TokenKind::Comma)) {
                    break;
                }
            }
            expect(TokenKind::RParen, "')'");
        }
        push(finish(NodeKind::SelectList, ib, m4));
        expect(TokenKind::RParen, "')'");
    }
    push(finish(NodeKind::PivotSpec, sb, m2));
    NodeId alias = parse_alias(false);
    if (alias != k_no_node) {
        push(alias);
    }
    return finish(NodeKind::Pivot, begin, mk, which);
}

NodeId Parser::parse_group_by() {
    std::uint32_t begin = offset();
    advance();
    advance(); // GROUP BY
    std::uint16_t flags = 0;
    std::size_t mk = mark();
    if (peek_kw("all") && !(peek(1).kind == TokenKind::LParen)) {
        advance();
        flags |= k_flag_all;
        return finish(NodeKind::GroupBy, begin, mk, {}, flags);
    }
    accept_kw("distinct");
    do {
        std::uint32_t b = offset();
        std::string_view set;
        if ((peek_kw("rollup") || peek_kw("cube")) && peek(1).kind == TokenKind::LParen) {
            set = peek_kw("rollup") ? "ROLLUP" : "CUBE";
            advance();
        } else if (peek_kw("grouping") && peek_kw("sets", 1)) {
            set = "GROUPING SETS";
            advance();
            advance();
        }
        if (set.empty()) {
            if (peek().kind == TokenKind::LParen && peek(1).kind == TokenKind::RParen) {
                advance();
                advance();
                push(leaf(NodeKind::Row, b));
            } else {
                push(parse_expr());
            }
            continue;
        }
        std::size_t m2 = mark();
        if (expect(TokenKind::LParen, "'('")) {
            while (!at_end() && peek().kind != TokenKind::RParen) {
                std::uint32_t eb = offset();
                if (peek().kind == TokenKind::LParen && peek(1).kind == TokenKind::RParen) {
                    advance();
                    advance();
                    push(leaf(NodeKind::Row, eb));
                } else {
                    push(parse_expr());
                }
                if (!accept(TokenKind::Comma)) {
                    break;
                }
            }
            expect(TokenKind::RParen, "')'");
        }
        push(finish(NodeKind::GroupingSet, b, m2, set));
    } while (accept(TokenKind::Comma) && !at_end());
    return finish(NodeKind::GroupBy, begin, mk, {}, flags);
}

NodeId Parser::parse_order_by() {
    static constexpr std::string_view k_dirs[3][3] = {
        {"", "NULLS FIRST", "NULLS LAST"},
        {"ASC", "ASC NULLS FIRST", "ASC NULLS LAST"},
        {"DESC", "DESC NULLS FIRST", "DESC NULLS LAST"},
    };
    std::uint32_t begin = offset();
    advance();
    advance(); // ORDER BY
    std::size_t mk = mark();
    do {
        std::uint32_t b = offset();
        std::size_t m2 = mark();
        if (peek_kw("all") && peek(1).kind != TokenKind::LParen) {
            // ORDER BY ALL (duckdb, databricks)
            const Token& all = advance();
            push(leaf(NodeKind::Opaque, all.offset, "ALL"));
        } else {
            push(parse_expr());
        }
        int dir = accept_kw("asc") ? 1 : accept_kw("desc") ? 2 : 0;
        int nulls = 0;
        if (peek_kw("nulls")) {
            advance();
            nulls = accept_kw("first") ? 1 : (expect_kw("last"), 2);
        }
        if (m_dialect == Dialect::ClickHouse && peek_kw("with") && peek_kw("fill", 1)) {
            // ORDER BY d WITH FILL [FROM x] [TO y] [STEP z]: a Clause after the expression.
            std::uint32_t fb = offset();
            advance();
            advance();
            std::size_t m3 = mark();
            static constexpr std::string_view k_fill_words[] = {"from", "to", "step", "staleness"};
            static constexpr std::string_view k_fill_text[] = {"FROM", "TO", "STEP", "STALENESS"};
            for (int i = 0; i < 4; ++i) {
                std::uint32_t wb = offset();
                if (accept_kw(k_fill_words[i])) {
                    std::size_t m4 = mark();
                    push(parse_expr());
                    push(finish(NodeKind::NamedArg, wb, m4, k_fill_text[i]));
                }
            }
            push(finish(NodeKind::Clause, fb, m3, "WITH FILL"));
        }
        push(finish(NodeKind::OrderItem, b, m2, k_dirs[dir][nulls]));
    } while (accept(TokenKind::Comma) && !at_end());
    return finish(NodeKind::OrderBy, begin, mk);
}

// `()`: a query a macro rendered as nothing (dbt_utils.union_relations and other macros that
// read the warehouse render empty at parse time). An Opaque with empty text, no diagnostic;
// lineage reports its columns as unknown.
NodeId Parser::empty_query() {
    std::uint32_t begin = offset();
    std::size_t mk = mark();
    push(leaf(NodeKind::Opaque, begin));
    return finish(NodeKind::Query, begin, mk);
}

// USING (a, b): Snowflake also accepts qualified names (`using (t.a)`); the qualifier is dropped.
NodeId Parser::parse_using() {
    std::uint32_t begin = offset();
    std::size_t mk = mark();
    if (m_dialect == Dialect::ClickHouse && peek().kind != TokenKind::LParen) {
        // ClickHouse: USING a, b without parentheses.
        do {
            push(parse_ident());
        } while (peek().kind == TokenKind::Comma && is_ident_token(peek(1)) && accept(TokenKind::Comma));
        return finish(NodeKind::Using, begin, mk);
    }
    expect(TokenKind::LParen, "'('");
    while (!at_end() && peek().kind != TokenKind::RParen) {
        while (is_ident_token(peek()) && peek(1).kind == TokenKind::Dot && is_ident_token(peek(2))) {
            advance();
            advance();
        }
        push(parse_ident());
        if (!accept(TokenKind::Comma)) {
            break;
        }
    }
    expect(TokenKind::RParen, "')'");
    return finish(NodeKind::Using, begin, mk);
}

// TABLESAMPLE ... / SAMPLE (...) / FOR SYSTEM_TIME AS OF ...: kept as an Opaque child, unparsed.
void Parser::parse_table_modifier() {
    bool system_time = peek_kw("for") && peek_kw("system_time", 1);
    if (!peek_kw("tablesample") && !(peek_kw("sample") && (peek(1).kind == TokenKind::LParen || peek(1).kind == TokenKind::Word)) &&
        !system_time) {
        return;
    }
    std::size_t from = m_pos;
    std::uint32_t b = offset();
    advance();
    if (system_time) {
        advance();
        expect_kw("as");
        expect_kw("of");
    }
    while (!at_end() && !is_reserved(peek()) && peek().kind != TokenKind::Comma &&
           peek().kind != TokenKind::RParen && peek().kind != TokenKind::Semicolon) {
        skip_group();
    }
    push(leaf(NodeKind::Opaque, b, join_tokens(from, m_pos)));
}

} // namespace dpipe::sql
