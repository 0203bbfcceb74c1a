// Queries: WITH, set operations, SELECT and its clauses, FROM with joins.
#include "sql/parser_impl.hpp"

namespace dpipe::sql {

NodeId Parser::parse_query() {
    DepthGuard guard(*this);
    std::uint32_t begin = offset();
    std::size_t mk = mark();
    if (!guard.ok) {
        return leaf(NodeKind::Opaque, begin);
    }
    if (peek_kw("with")) {
        push(parse_with());
    }
    push(parse_set_expr(0));
    parse_query_extras();
    if (peek_kw("order") && peek_kw("by", 1)) {
        push(parse_order_by());
    }
    for (int round = 0; round < 2; ++round) {
        if (peek_kw("limit")) {
            std::uint32_t b = offset();
            advance();
            std::size_t m2 = mark();
            if (!accept_kw("all")) {
                push(parse_expr());
                if (accept(TokenKind::Comma)) {
                    push(parse_expr());
                }
            }
            if (m_dialect == Dialect::ClickHouse && peek_kw("by")) {
                // LIMIT n BY a, b: n rows per group; a Clause with n first.
                advance();
                do {
                    push(parse_expr());
                } while (accept(TokenKind::Comma) && !at_end());
                push(finish(NodeKind::Clause, b, m2, "LIMIT BY"));
                continue;
            }
            push(finish(NodeKind::Limit, b, m2));
        }
        if (peek_kw("offset")) {
            std::uint32_t b = offset();
            advance();
            std::size_t m2 = mark();
            push(parse_expr());
            if (!accept_kw("rows")) {
                accept_kw("row");
            }
            push(finish(NodeKind::Offset, b, m2));
        }
    }
    if (peek_kw("fetch")) {
        std::uint32_t b = offset();
        advance();
        if (!accept_kw("first")) {
            expect_kw("next");
        }
        std::size_t m2 = mark();
        if (!peek_kw("row") && !peek_kw("rows")) {
            push(parse_expr());
        }
        if (!accept_kw("rows")) {
            expect_kw("row");
        }
        std::string_view how = "ONLY";
        if (accept_kw("with")) {
            expect_kw("ties");
            how = "WITH TIES";
        } else {
            expect_kw("only");
        }
        push(finish(NodeKind::Fetch, b, m2, how));
    }
    parse_query_extras();
    return finish(NodeKind::Query, begin, mk);
}

NodeId Parser::parse_with() {
    std::uint32_t begin = offset();
    advance(); // WITH
    std::uint16_t flags = accept_kw("recursive") ? k_flag_recursive : 0;
    std::size_t mk = mark();
    do {
        std::uint32_t b = offset();
        std::size_t m2 = mark();
        if (m_dialect == Dialect::ClickHouse && !(is_ident_token(peek()) && peek_kw("as", 1))) {
            // WITH <expression> AS name: a named expression (a Cte whose body is no Query).
            push(parse_expr());
            expect_kw("as");
            push(parse_ident());
            std::swap(m_stack[m2], m_stack[m2 + 1]);
            push(finish(NodeKind::Cte, b, m2, "EXPR"));
            continue;
        }
        push(parse_ident());
        if (peek().kind == TokenKind::LParen) {
            push(parse_ident_list(NodeKind::ColumnList));
        }
        expect_kw("as");
        if (accept_kw("not")) {
            expect_kw("materialized");
        } else {
            accept_kw("materialized");
        }
        if (expect(TokenKind::LParen, "'('")) {
            push(peek().kind == TokenKind::RParen ? empty_query() : parse_query());
            expect(TokenKind::RParen, "')'");
        } else {
            push(opaque("expected a parenthesised query"));
        }
        push(finish(NodeKind::Cte, b, m2));
    } while (accept(TokenKind::Comma) && !at_end());
    return finish(NodeKind::With, begin, mk, {}, flags);
}

NodeId Parser::parse_set_expr(int min_prec) {
    std::uint32_t begin = offset();
    NodeId left = parse_set_operand();
    int chain = 0;
    for (;;) {
        if (!chain_ok(chain)) {
            return left;
        }
        int prec = 0;
        std::string_view op;
        if (peek_kw("union")) {
            prec = 1, op = "UNION";
        } else if (peek_kw("except")) {
            prec = 1, op = "EXCEPT";
        } else if (peek_kw("minus")) {
            prec = 1, op = "MINUS";
        } else if (peek_kw("intersect")) {
            prec = 2, op = "INTERSECT";
        }
        if (prec == 0 || prec < min_prec) {
            return left;
        }
        advance();
        std::uint16_t flags = 0;
        if (accept_kw("all")) {
            flags |= k_flag_all;
        } else if (accept_kw("distinct")) {
            flags |= k_flag_distinct;
        }
        if (peek_kw("by") && peek_kw("name", 1)) {
            advance();
            advance();
        }
        std::size_t mk = mark();
        push(left);
        push(parse_set_expr(prec + 1));
        left = finish(NodeKind::SetOp, begin, mk, op, flags);
    }
}

NodeId Parser::parse_set_operand() {
    if (peek_kw("select")) {
        return parse_select();
    }
    if (peek_kw("values")) {
        return parse_values();
    }
    if (peek().kind == TokenKind::LParen && starts_query(1)) {
        advance();
        NodeId q = parse_query();
        expect(TokenKind::RParen, "')'");
        return q;
    }
    if (peek().kind == TokenKind::LParen && peek(1).kind == TokenKind::RParen) {
        advance();
        NodeId q = empty_query();
        advance();
        return q;
    }
    return opaque("expected SELECT, VALUES or a parenthesised query");
}

NodeId Parser::parse_values() {
    std::uint32_t begin = offset();
    advance(); // VALUES
    std::size_t mk = mark();
    do {
        std::uint32_t b = offset();
        std::size_t m2 = mark();
        if (expect(TokenKind::LParen, "'('")) {
            while (!at_end() && peek().kind != TokenKind::RParen) {
                push(parse_expr());
                if (!accept(TokenKind::Comma)) {
                    break;
                }
            }
            expect(TokenKind::RParen, "')'");
        }
        push(finish(NodeKind::Row, b, m2));
    } while (accept(TokenKind::Comma) && !at_end());
    return finish(NodeKind::Values, begin, mk);
}

NodeId Parser::parse_select() {
    DepthGuard guard(*this);
    std::uint32_t begin = offset();
    std::size_t mk = mark();
    advance(); // SELECT
    std::uint16_t flags = 0;
    if (accept_kw("distinct")) {
        flags |= k_flag_distinct;
        if (peek_kw("on") && peek(1).kind == TokenKind::LParen) {
            std::uint32_t b = offset();
            advance();
            advance();
            std::size_t m2 = mark();
            while (!at_end() && peek().kind != TokenKind::RParen) {
                push(parse_expr());
                if (!accept(TokenKind::Comma)) {
                    break;
                }
            }
            expect(TokenKind::RParen, "')'");
            push(finish(NodeKind::DistinctOn, b, m2));
        }
    } else {
        accept_kw("all");
    }
    if (at_select_prefix()) {
        push(parse_select_prefix());
    }
    {
        std::uint32_t b = offset();
        std::size_t m2 = mark();
        do {
            if (peek_kw("from") || at_end() || peek().kind == TokenKind::RParen) {
                break;
            }
            push(parse_select_item());
        } while (accept(TokenKind::Comma));
        push(finish(NodeKind::SelectList, b, m2));
    }
    if (peek_kw("from")) {
        push(parse_from());
    }
    parse_prewhere();
    if (peek_kw("where")) {
        std::uint32_t b = offset();
        advance();
        std::size_t m2 = mark();
        push(parse_expr());
        push(finish(NodeKind::Where, b, m2));
    }
    parse_hierarchy_clauses();
    if (peek_kw("group") && peek_kw("by", 1)) {
        push(parse_group_by());
    }
    if (peek_kw("having")) {
        std::uint32_t b = offset();
        advance();
        std::size_t m2 = mark();
        push(parse_expr());
        push(finish(NodeKind::Having, b, m2));
    }
    for (int round = 0; round < 2; ++round) {
        if (peek_kw("qualify")) {
            std::uint32_t b = offset();
            advance();
            std::size_t m2 = mark();
            push(parse_expr());
            push(finish(NodeKind::Qualify, b, m2));
        }
        if (peek_kw("window")) {
            std::uint32_t b = offset();
            advance();
            std::size_t m2 = mark();
            do {
                std::uint32_t wb = offset();
                std::size_t m3 = mark();
                push(parse_ident());
                expect_kw("as");
                push(parse_window_spec(offset()));
                push(finish(NodeKind::WindowDef, wb, m3));
            } while (accept(TokenKind::Comma) && !at_end());
            push(finish(NodeKind::Window, b, m2));
        }
    }
    return finish(NodeKind::Select, begin, mk, {}, flags);
}

NodeId Parser::parse_star(std::uint32_t begin, std::size_t mk) {
    advance(); // *
    for (;;) {
        std::string_view which;
        if (peek_kw("except") && (peek(1).kind == TokenKind::LParen || is_ident_token(peek(1)))) {
            which = "EXCEPT";
        } else if (peek_kw("exclude")) {
            which = "EXCLUDE";
        } else if (peek_kw("replace") && peek(1).kind == TokenKind::LParen) {
            which = "REPLACE";
        } else if (peek_kw("rename")) {
            which = "RENAME";
        } else {
            break;
        }
        std::uint32_t b = offset();
        advance();
        std::size_t m2 = mark();
        bool paren = accept(TokenKind::LParen);
        do {
            if (which == "REPLACE" || which == "RENAME") {
                std::uint32_t ib = offset();
                std::size_t m3 = mark();
                push(parse_expr());
                std::uint32_t ab = offset();
                std::size_t m4 = mark();
                expect_kw("as");
                push(parse_ident());
                push(finish(NodeKind::Alias, ab, m4));
                push(finish(NodeKind::SelectItem, ib, m3));
            } else {
                push(parse_ident());
            }
        } while (paren && accept(TokenKind::Comma) && !at_end());
        if (paren) {
            expect(TokenKind::RParen, "')'");
        }
        push(finish(NodeKind::StarModifier, b, m2, which));
    }
    return finish(NodeKind::Star, begin, mk);
}

NodeId Parser::parse_select_item() {
    std::uint32_t begin = offset();
    std::size_t mk = mark();
    if (peek().is_op("*")) {
        return parse_star(begin, mk);
    }
    // t.* / schema.t.*
    std::size_t k = 0;
    while ((peek(k).kind == TokenKind::Word || peek(k).kind == TokenKind::QuotedIdent) &&
           peek(k + 1).kind == TokenKind::Dot) {
        k += 2;
    }
    if (k > 0 && peek(k).is_op("*")) {
        parse_name_parts();
        advance(); // the dot before *
        return parse_star(begin, mk);
    }
    if (m_dialect == Dialect::SQLServer && is_ident_token(peek()) && peek(1).is_op("=")) {
        // T-SQL `alias = expr`
        std::uint32_t ab = offset();
        std::size_t m2 = mark();
        push(parse_ident());
        NodeId alias = finish(NodeKind::Alias, ab, m2);
        advance(); // =
        push(parse_expr());
        push(alias);
        return finish(NodeKind::SelectItem, begin, mk);
    }
    push(parse_expr());
    if (accept_kw("as")) {
        std::uint32_t ab = offset();
        std::size_t m2 = mark();
        if (peek().kind == TokenKind::String && peek().text.size() >= 2) {
            const Token& t = advance();
            push(leaf(NodeKind::Ident, t.offset, t.text.substr(1, t.text.size() - 2), k_flag_quoted));
        } else {
            push(parse_ident());
        }
        push(finish(NodeKind::Alias, ab, m2));
    } else if (is_ident_token(peek()) && !at_dialect_clause()) {
        std::uint32_t ab = offset();
        std::size_t m2 = mark();
        push(parse_ident());
        push(finish(NodeKind::Alias, ab, m2));
    }
    return finish(NodeKind::SelectItem, begin, mk);
}

NodeId Parser::parse_alias(bool required_as) {
    std::uint32_t begin = offset();
    bool as = accept_kw("as");
    if (!as && (required_as || !is_ident_token(peek()) || at_dialect_clause())) {
        return k_no_node;
    }
    std::size_t mk = mark();
    if (as && peek().kind == TokenKind::String && peek().text.size() >= 2) {
        // AS "x" where "x" is a string (bigquery, spark): taken as the name, as for select items.
        const Token& t = advance();
        push(leaf(NodeKind::Ident, t.offset, t.text.substr(1, t.text.size() - 2), k_flag_quoted));
    } else {
        push(parse_ident());
    }
    if (peek().kind == TokenKind::LParen) {
        push(parse_ident_list(NodeKind::ColumnList));
    }
    return finish(NodeKind::Alias, begin, mk);
}

NodeId Parser::parse_from() {
    std::uint32_t begin = offset();
    advance(); // FROM
    std::size_t mk = mark();
    do {
        push(parse_table_expr());
    } while (accept(TokenKind::Comma) && !at_end());
    return finish(NodeKind::From, begin, mk);
}

NodeId Parser::parse_table_expr() {
    DepthGuard guard(*this);
    std::uint32_t begin = offset();
    if (!guard.ok) {
        return leaf(NodeKind::Opaque, begin);
    }
    NodeId left = parse_table_primary();
    int chain = 0;
    for (;;) {
        if (!chain_ok(chain)) {
            return left;
        }
        NodeId special = parse_special_join(left, begin);
        if (special != k_no_node) {
            left = special;
            continue;
        }
        std::size_t from = m_pos;
        std::uint16_t flags = 0;
        if (accept_kw("natural")) {
            flags |= k_flag_natural;
        }
        std::size_t words_from = m_pos;

        while (peek_kw("inner") || peek_kw("left") || peek_kw("right") || peek_kw("full") ||
               peek_kw("outer") || peek_kw("cross") || peek_kw("semi") || peek_kw("anti") ||
               peek_kw("asof") || peek_kw("positional") ||
               (m_dialect == Dialect::ClickHouse &&
                (peek_kw("any") || peek_kw("all") || peek_kw("global")))) {

            advance();
        }
        if (!peek_kw("join")) {
            m_pos = from;
            if (from < m_tokens.size() && from > 0) {
                m_prev_end = m_tokens[from - 1].offset + static_cast<std::uint32_t>(m_tokens[from - 1].text.size());
            }
            return left;
        }
        std::string words;
        for (std::size_t i = words_from; i < m_pos; ++i) {
            if (is_kw(m_tokens[i], "outer") || is_kw(m_tokens[i], "inner")) {
                continue;
            }
            std::string_view u = upper_words(i, i + 1);
            words += u;
            words += ' ';
        }
        words += "JOIN";
        advance(); // JOIN
        std::size_t mk = mark();
        push(left);
        push(parse_table_primary());
        if (peek_kw("match_condition") && peek(1).kind == TokenKind::LParen) {
            // Snowflake ASOF JOIN t MATCH_CONDITION (a >= b) ON ...: a Clause before the ON.
            std::uint32_t b = offset();
            advance();
            advance();
            std::size_t m2 = mark();
            push(parse_expr());
            expect(TokenKind::RParen, "')'");
            push(finish(NodeKind::Clause, b, m2, "MATCH_CONDITION"));
        }
        if (peek_kw("on")) {
            std::uint32_t b = offset();
            advance();
            std::size_t m2 = mark();
            push(parse_expr());
            push(finish(NodeKind::On, b, m2));
        } else if (peek_kw("using")) {
            advance();
            push(parse_using());
        }
        left = finish(NodeKind::Join, begin, mk, m_ast.intern(std::move(words)), flags);
    }
}

NodeId Parser::parse_table_primary() {
    DepthGuard guard(*this);
    std::uint32_t begin = offset();
    std::size_t mk = mark();
    if (!guard.ok) {
        return leaf(NodeKind::Opaque, begin);
    }
    std::uint16_t flags = accept_kw("lateral") ? k_flag_lateral : 0;
    NodeKind kind = NodeKind::TableRef;
    if (peek().kind == TokenKind::LParen) {
        if (peek(1).kind == TokenKind::RParen) {
            advance();
            push(empty_query());
            advance();
            kind = NodeKind::DerivedTable;
        } else if (starts_query(1)) {
            advance();
            push(parse_query());
            if (peek().kind != TokenKind::RParen) {
                // (VALUES (...) AS t (a, b)): the alias written inside the parentheses.
                NodeId inner = parse_alias(false);
                if (inner != k_no_node) {
                    push(inner);
                }
            }
            expect(TokenKind::RParen, "')'");
            kind = NodeKind::DerivedTable;
        } else {
            advance();
            NodeId inner = parse_table_expr();
            expect(TokenKind::RParen, "')'");
            NodeId alias = parse_alias(false);
            if (alias == k_no_node) {
                return inner;
            }
            push(inner);
            push(alias);
            return finish(NodeKind::Join, begin, mk, "NESTED");
        }
    } else if (peek_kw("values") && peek(1).kind == TokenKind::LParen) {
        std::size_t m2 = mark();
        push(parse_values());
        push(finish(NodeKind::Query, begin, m2));
        kind = NodeKind::DerivedTable;
    } else if (peek().kind == TokenKind::Word || peek().kind == TokenKind::QuotedIdent) {
        std::size_t k = 0;
        while (peek(k + 1).kind == TokenKind::Dot) {
            k += 2;
        }
        if (peek(k + 1).kind == TokenKind::LParen && peek(k).kind == TokenKind::Word) {
            std::size_t m2 = mark();
            parse_name_parts();
            push(parse_function(begin, m2));
            kind = NodeKind::TableFunc;
            if (peek_kw("with") && peek_kw("ordinality", 1)) {
                std::uint32_t b = offset();
                advance();
                advance();
                push(leaf(NodeKind::Opaque, b, "WITH ORDINALITY"));
            }
        } else {
            parse_name_parts();
        }
    } else {
        return opaque("expected a table, a subquery or a table function");
    }
    if (kind == NodeKind::TableRef) {
        parse_table_modifier();
    }
    parse_table_suffixes();
    NodeId alias = parse_alias(false);
    if (alias != k_no_node) {
        push(alias);
    }
    if (kind == NodeKind::TableRef) {
        parse_table_modifier();
    }
    parse_table_suffixes();
    if (peek_kw("with") && peek_kw("offset", 1)) {
        // BigQuery: UNNEST(arr) AS x WITH OFFSET [AS] pos
        std::size_t from = m_pos;
        std::uint32_t b = offset();
        advance();
        advance();
        accept_kw("as");
        if (is_ident_token(peek())) {
            advance();
        }
        push(leaf(NodeKind::Opaque, b, join_tokens(from, m_pos)));
    }
    NodeId result = finish(kind, begin, mk, {}, flags);
    int chain = 0;
    while ((peek_kw("pivot") || peek_kw("unpivot")) && chain_ok(chain)) {
        result = parse_pivot(result, begin);
    }
    return result;
}

} // namespace dpipe::sql
