// Expressions (precedence climbing), function calls, CASE, CAST, types and window specs.
#include "sql/parser_impl.hpp"

namespace dpipe::sql {

namespace {

// Binary operator precedences (higher binds tighter). 4 = comparisons and predicates.
constexpr int k_prec_or = 1;
constexpr int k_prec_and = 2;
constexpr int k_prec_not = 3;
constexpr int k_prec_cmp = 4;
constexpr int k_prec_other = 5;
constexpr int k_prec_add = 6;
constexpr int k_prec_mul = 7;
constexpr int k_prec_pow = 8;
constexpr int k_prec_unary = 9;

int operator_prec(const Token& t) {
    if (t.kind != TokenKind::Operator) {
        return 0;
    }
    std::string_view s = t.text;
    if (s == "=" || s == "==" || s == "<>" || s == "!=" || s == "<" || s == ">" || s == "<=" || s == ">=" ||
        s == "<=>") {
        return k_prec_cmp;
    }
    if (s == "+" || s == "-") {
        return k_prec_add;
    }
    if (s == "*" || s == "/" || s == "%") {
        return k_prec_mul;
    }
    if (s == "^" || s == "**") {
        return k_prec_pow;
    }
    if (s == "::" || s == "=>" || s == ":=" || s == "!" || s == "`" || s == "@") {
        return 0;
    }
    return k_prec_other; // || -> ->> #> @> <@ ? ?| && ~ !~ << >> & | # ...
}

constexpr std::string_view k_bare_functions[] = {
    "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp",
    "current_user", "session_user", "current_role", "current_schema", "current_catalog",
};

constexpr std::string_view k_typed_literals[] = {
    "date", "time", "timestamp", "timestamptz", "datetime", "json", "jsonb", "numeric",
    "decimal", "bignumeric", "uuid", "inet", "bytea", "blob", "real", "float", "int", "integer",
};


} // namespace

NodeId Parser::parse_expr(int min_prec) {
    DepthGuard guard(*this);
    std::uint32_t begin = offset();
    if (!guard.ok) {
        return leaf(NodeKind::Opaque, begin);
    }
    NodeId left;
    if (peek_kw("not") && !peek_kw("exists", 1)) {
        std::uint32_t b = offset();
        advance();
        std::size_t mk = mark();
        push(parse_expr(k_prec_not));
        left = finish(NodeKind::UnaryOp, b, mk, "NOT");
    } else {
        left = parse_unary();
    }
    int chain = 0;
    for (;;) {
        if (!chain_ok(chain)) {
            return left;
        }
        const Token& t = peek();
        if (is_kw(t, "or") && min_prec <= k_prec_or) {
            advance();
            std::size_t mk = mark();
            push(left);
            push(parse_expr(k_prec_or + 1));
            left = finish(NodeKind::BinaryOp, begin, mk, "OR");
            continue;
        }
        if (is_kw(t, "and") && min_prec <= k_prec_and) {
            advance();
            std::size_t mk = mark();
            push(left);
            push(parse_expr(k_prec_and + 1));
            left = finish(NodeKind::BinaryOp, begin, mk, "AND");
            continue;
        }
        if (min_prec <= k_prec_cmp) {
            bool matched = false;
            left = parse_comparison_tail(left, begin, matched);
            if (matched) {
                continue;
            }
        }
        if (t.is_op("->") && lambda_params(left) && peek(1).kind != TokenKind::String &&
            peek(1).kind != TokenKind::Number &&
            m_dialect != Dialect::Postgres && m_dialect != Dialect::Redshift) {
            // A lambda (`x -> x = 1`, `(a, b) -> a + b`): its body is a whole expression, so
            // `->` binds loosest here, not as the JSON operator of the same spelling.
            advance();
            std::size_t mk = mark();
            push(left);
            push(parse_expr(k_prec_or));
            left = finish(NodeKind::BinaryOp, begin, mk, "->");
            continue;
        }
        int prec = operator_prec(t);
        if (prec == k_prec_cmp || prec == 0 || prec < min_prec) {
            // `?` in postgres is an operator; a lone `?` elsewhere is a parameter (handled in primary).
            return left;
        }
        const Token& op = advance();
        std::size_t mk = mark();
        push(left);
        push(parse_expr(prec + 1));
        left = finish(NodeKind::BinaryOp, begin, mk, op.text);
    }
}

NodeId Parser::parse_comparison_tail(NodeId left, std::uint32_t begin, bool& matched) {
    matched = true;
    const Token& t = peek();
    int prec = operator_prec(t);
    if (prec == k_prec_cmp) {
        const Token& op = advance();
        std::size_t mk = mark();
        push(left);
        push(parse_expr(k_prec_cmp + 1));
        return finish(NodeKind::BinaryOp, begin, mk, op.text);
    }
    if (is_kw(t, "overlaps")) {
        advance();
        std::size_t mk = mark();
        push(left);
        push(parse_expr(k_prec_cmp + 1));
        return finish(NodeKind::BinaryOp, begin, mk, "OVERLAPS");
    }
    if (is_kw(t, "isnull") || is_kw(t, "notnull")) {
        advance();
        std::size_t mk = mark();
        push(left);
        return finish(NodeKind::Postfix, begin, mk, is_kw(t, "isnull") ? "IS NULL" : "IS NOT NULL");
    }
    if (is_kw(t, "is")) {
        advance();
        bool neg = accept_kw("not");
        std::size_t mk = mark();
        push(left);
        if (accept_kw("distinct")) {
            expect_kw("from");
            push(parse_expr(k_prec_cmp + 1));
            return finish(NodeKind::IsDistinct, begin, mk, {}, neg ? k_flag_not : 0);
        }
        static constexpr std::string_view k_is[] = {"null", "true", "false", "unknown"};
        static constexpr std::string_view k_is_text[2][4] = {
            {"IS NULL", "IS TRUE", "IS FALSE", "IS UNKNOWN"},
            {"IS NOT NULL", "IS NOT TRUE", "IS NOT FALSE", "IS NOT UNKNOWN"}};
        for (int i = 0; i < 4; ++i) {
            if (accept_kw(k_is[i])) {
                return finish(NodeKind::Postfix, begin, mk, k_is_text[neg ? 1 : 0][i]);
            }
        }
        push(opaque("expected NULL, TRUE, FALSE or DISTINCT FROM after IS"));
        return finish(NodeKind::Postfix, begin, mk, neg ? "IS NOT" : "IS");
    }
    std::size_t k = is_kw(t, "not") ? 1 : 0;
    const Token& w = peek(k);
    std::uint16_t flags = k ? k_flag_not : 0;
    if (is_kw(w, "in")) {
        for (std::size_t i = 0; i <= k; ++i) {
            advance();
        }
        std::size_t mk = mark();
        push(left);
        if (peek().kind == TokenKind::LParen && starts_query(1)) {
            advance();
            push(parse_query());
            expect(TokenKind::RParen, "')'");
            return finish(NodeKind::InQuery, begin, mk, {}, flags);
        }
        if (accept(TokenKind::LParen)) {
            while (!at_end() && peek().kind != TokenKind::RParen) {
                push(parse_expr());
                if (!accept(TokenKind::Comma)) {
                    break;
                }
            }
            expect(TokenKind::RParen, "')'");
            return finish(NodeKind::InList, begin, mk, {}, flags);
        }
        // `x IN y` (position(a in b), IN UNNEST(arr)): a plain binary form.
        push(parse_expr(k_prec_other));
        return finish(NodeKind::BinaryOp, begin, mk, flags ? "NOT IN" : "IN");
    }
    if (is_kw(w, "between")) {
        for (std::size_t i = 0; i <= k; ++i) {
            advance();
        }
        accept_kw("symmetric");
        std::size_t mk = mark();
        push(left);
        push(parse_expr(k_prec_other));
        expect_kw("and");
        push(parse_expr(k_prec_other));
        return finish(NodeKind::Between, begin, mk, {}, flags);
    }
    std::string_view like;
    std::size_t words = 1;
    if (is_kw(w, "like")) {
        like = "LIKE";
    } else if (is_kw(w, "ilike")) {
        like = "ILIKE";
    } else if (is_kw(w, "rlike")) {
        like = "RLIKE";
    } else if (is_kw(w, "regexp")) {
        like = "REGEXP";
    } else if (is_kw(w, "glob")) {
        like = "GLOB";
    } else if (is_kw(w, "similar") && peek_kw("to", k + 1)) {
        like = "SIMILAR TO";
        words = 2;
    }
    if (!like.empty()) {
        for (std::size_t i = 0; i < k + words; ++i) {
            advance();
        }
        std::size_t mk = mark();
        push(left);
        push(parse_expr(k_prec_other));
        if (accept_kw("escape")) {
            push(parse_expr(k_prec_other));
        }
        return finish(NodeKind::Like, begin, mk, like, flags);
    }
    matched = false;
    return left;
}

NodeId Parser::parse_unary() {
    const Token& t = peek();
    std::uint32_t begin = t.offset;
    bool prior = m_hierarchical && is_kw(t, "prior") && peek(1).kind != TokenKind::Dot &&
                 peek(1).kind != TokenKind::LParen;
    if (t.is_op("-") || t.is_op("+") || t.is_op("~") || t.is_op("!") || t.is_op("@") || prior) {
        DepthGuard guard(*this);
        if (!guard.ok) {
            return leaf(NodeKind::Opaque, begin);
        }
        const Token& op = advance();
        std::size_t mk = mark();
        push(parse_expr(k_prec_unary));
        return finish(NodeKind::UnaryOp, begin, mk, prior ? std::string_view("PRIOR") : op.text);
    }
    return parse_postfix(parse_primary(), begin);
}

NodeId Parser::parse_postfix(NodeId operand, std::uint32_t begin) {
    int chain = 0;
    for (;;) {
        if (!chain_ok(chain)) {
            return operand;
        }
        const Token& t = peek();
        std::size_t mk = mark();
        if (t.is_op("::")) {
            advance();
            push(operand);
            push(parse_type());
            operand = finish(NodeKind::Cast, begin, mk, "::");
        } else if (t.kind == TokenKind::LBracket) {
            advance();
            push(operand);
            std::uint16_t flags = 0;
            if (peek().kind == TokenKind::Colon) {
                push(leaf(NodeKind::Opaque, offset()));
            } else {
                push(parse_expr());
            }
            if (accept(TokenKind::Colon)) {
                flags |= k_flag_slice;
                if (peek().kind != TokenKind::RBracket) {
                    push(parse_expr());
                }
            }
            expect(TokenKind::RBracket, "']'");
            operand = finish(NodeKind::Subscript, begin, mk, {}, flags);
        } else if (t.kind == TokenKind::Dot &&
                   (peek(1).kind == TokenKind::Word || peek(1).kind == TokenKind::QuotedIdent)) {
            advance();
            push(operand);
            push(parse_ident());
            operand = finish(NodeKind::FieldAccess, begin, mk);
        } else if (t.kind == TokenKind::Colon && m_traits.colon_paths &&
                   (peek(1).kind == TokenKind::Word || peek(1).kind == TokenKind::QuotedIdent)) {
            advance();
            std::size_t from = m_pos;
            std::uint32_t pb = offset();
            advance();
            for (;;) {
                if (peek().kind == TokenKind::Dot &&
                    (peek(1).kind == TokenKind::Word || peek(1).kind == TokenKind::QuotedIdent)) {
                    advance();
                    advance();
                } else if (peek().kind == TokenKind::LBracket) {
                    skip_group();
                } else {
                    break;
                }
            }
            std::string path;
            for (std::size_t i = from; i < m_pos; ++i) {
                path += m_tokens[i].text;
            }
            push(operand);
            push(leaf(NodeKind::Literal, pb, m_ast.intern(std::move(path))));
            operand = finish(NodeKind::JsonPath, begin, mk);
        } else if (t.kind == TokenKind::Dot && peek(1).kind == TokenKind::Number &&
                   m_dialect == Dialect::ClickHouse) {
            // ClickHouse tuple element: t.1
            advance();
            const Token& index = advance();
            push(operand);
            push(leaf(NodeKind::Literal, index.offset, index.text, k_flag_number));
            operand = finish(NodeKind::FieldAccess, begin, mk);
        } else if (is_kw(t, "collate")) {
            advance();
            push(operand);
            push(parse_ident());
            operand = finish(NodeKind::Collate, begin, mk);
        } else if (is_kw(t, "at") && peek_kw("time", 1) && peek_kw("zone", 2)) {
            advance();
            advance();
            advance();
            push(operand);
            push(parse_unary());
            operand = finish(NodeKind::AtTimeZone, begin, mk);
        } else {
            return operand;
        }
    }
}

NodeId Parser::parse_primary() {
    DepthGuard guard(*this);
    const Token& t = peek();
    std::uint32_t begin = t.offset;
    if (!guard.ok) {
        return leaf(NodeKind::Opaque, begin);
    }
    std::size_t mk = mark();
    switch (t.kind) {
    case TokenKind::Number: advance(); return leaf(NodeKind::Literal, begin, t.text, k_flag_number);
    case TokenKind::String: advance(); return leaf(NodeKind::Literal, begin, t.text, k_flag_string);
    case TokenKind::Param: advance(); return leaf(NodeKind::Param, begin, t.text);
    case TokenKind::LParen: return parse_paren_expr();
    case TokenKind::LBracket: {
        advance();
        while (!at_end() && peek().kind != TokenKind::RBracket) {
            push(parse_expr());
            if (!accept(TokenKind::Comma)) {
                break;
            }
        }
        expect(TokenKind::RBracket, "']'");
        return finish(NodeKind::Array, begin, mk, "[");
    }
    case TokenKind::LBrace: {
        advance();
        while (!at_end() && peek().kind != TokenKind::RBrace) {
            std::uint32_t fb = offset();
            std::size_t m2 = mark();
            if (peek().kind == TokenKind::String) {
                const Token& k = advance();
                push(leaf(NodeKind::Literal, k.offset, k.text, k_flag_string));
            } else {
                push(parse_ident());
            }
            expect(TokenKind::Colon, "':'");
            push(parse_expr());
            push(finish(NodeKind::StructField, fb, m2));
            if (!accept(TokenKind::Comma)) {
                break;
            }
        }
        expect(TokenKind::RBrace, "'}'");
        return finish(NodeKind::Struct, begin, mk, "{");
    }
    case TokenKind::Operator:
        if (t.text == "?") {
            advance();
            return leaf(NodeKind::Param, begin, t.text);
        }
        return opaque("unexpected operator '" + std::string(t.text) + "'");
    case TokenKind::Word:
    case TokenKind::QuotedIdent: break;
    default:
        return opaque("unexpected " + std::string(token_kind_name(t.kind)) +
                      (t.text.empty() ? "" : " '" + std::string(t.text.substr(0, 40)) + "'"));
    }
    const Token& next = peek(1);
    if (t.kind == TokenKind::Word) {
        if (is_kw(t, "null")) {
            advance();
            return leaf(NodeKind::Literal, begin, "NULL", k_flag_null);
        }
        if (is_kw(t, "true") || is_kw(t, "false")) {
            advance();
            return leaf(NodeKind::Literal, begin, is_kw(t, "true") ? "TRUE" : "FALSE", k_flag_bool);
        }
        if (is_kw(t, "case")) {
            return parse_case();
        }
        if (next.kind == TokenKind::LParen &&
            (is_kw(t, "cast") || is_kw(t, "try_cast") || is_kw(t, "safe_cast")) && !cast_is_call()) {
            std::string_view name = is_kw(t, "cast") ? "CAST" : is_kw(t, "try_cast") ? "TRY_CAST" : "SAFE_CAST";
            advance();
            advance();
            push(parse_expr());
            expect_kw("as");
            push(parse_type());
            if (accept_kw("format")) {
                push(parse_expr());
            }
            expect(TokenKind::RParen, "')'");
            return finish(NodeKind::Cast, begin, mk, name);
        }
        if (next.kind == TokenKind::LParen && is_kw(t, "extract") && peek_kw("from", 3)) {
            advance();
            advance();
            push(parse_ident());
            expect_kw("from");
            push(parse_expr());
            expect(TokenKind::RParen, "')'");
            return finish(NodeKind::Extract, begin, mk);
        }
        if (is_kw(t, "exists") && next.kind == TokenKind::LParen) {
            advance();
            advance();
            push(parse_query());
            expect(TokenKind::RParen, "')'");
            return finish(NodeKind::Exists, begin, mk);
        }
        if (is_kw(t, "not") && peek_kw("exists", 1)) {
            advance();
            advance();
            expect(TokenKind::LParen, "'('");
            push(parse_query());
            expect(TokenKind::RParen, "')'");
            return finish(NodeKind::Exists, begin, mk, {}, k_flag_not);
        }
        if (is_kw(t, "interval") && (next.kind == TokenKind::String || next.kind == TokenKind::Number ||
                                     next.kind == TokenKind::LParen || next.is_op("-"))) {
            return parse_interval();
        }
        if (is_kw(t, "array") && (next.kind == TokenKind::LBracket || next.kind == TokenKind::LParen ||
                                  next.is_op("<"))) {
            advance();
            if (peek().is_op("<")) {
                std::size_t m2 = mark();
                m_pos -= 1;
                push(parse_type());
                m_stack.resize(m2);
            }
            if (peek().kind == TokenKind::LParen && !starts_query(1) && is_kw(m_tokens[m_pos - 1], "array")) {
                // array(1, 2) (spark, clickhouse): an ordinary function call.
                m_pos -= 1;
                m_stack.resize(mk);
                parse_name_parts();
                return parse_function(begin, mk);
            }
            if (accept(TokenKind::LParen)) {
                push(parse_query());
                expect(TokenKind::RParen, "')'");
                return finish(NodeKind::Array, begin, mk, "ARRAY");
            }
            expect(TokenKind::LBracket, "'['");
            while (!at_end() && peek().kind != TokenKind::RBracket) {
                push(parse_expr());
                if (!accept(TokenKind::Comma)) {
                    break;
                }
            }
            expect(TokenKind::RBracket, "']'");
            return finish(NodeKind::Array, begin, mk, "ARRAY");
        }
        if (is_kw(t, "struct") && (next.kind == TokenKind::LParen || next.is_op("<"))) {
            advance();
            if (peek().is_op("<")) {
                m_pos -= 1;
                parse_type();
            }
            expect(TokenKind::LParen, "'('");
            while (!at_end() && peek().kind != TokenKind::RParen) {
                push(parse_select_item());
                if (!accept(TokenKind::Comma)) {
                    break;
                }
            }
            expect(TokenKind::RParen, "')'");
            return finish(NodeKind::Struct, begin, mk, "STRUCT");
        }
        if (next.kind == TokenKind::String) {
            for (std::string_view w : k_typed_literals) {
                if (is_kw(t, w)) {
                    advance();
                    const Token& lit = advance();
                    push(leaf(NodeKind::Literal, lit.offset, lit.text, k_flag_string));
                    return finish(NodeKind::TypedLiteral, begin, mk, upper_words(m_pos - 2, m_pos - 1));
                }
            }
        }
        if (next.kind != TokenKind::LParen && next.kind != TokenKind::Dot) {
            for (std::string_view w : k_bare_functions) {
                if (is_kw(t, w)) {
                    advance();
                    push(leaf(NodeKind::Ident, begin, upper_words(m_pos - 1, m_pos)));
                    return finish(NodeKind::FuncCall, begin, mk, {}, k_flag_no_parens);
                }
            }
        }
        if (is_operand_stop(t) && next.kind != TokenKind::LParen && !soft_keyword_name()) {
            return opaque("unexpected keyword '" + std::string(t.text) + "'");
        }
    }
    parse_name_parts();
    if (peek().kind == TokenKind::LParen) {
        return parse_function(begin, mk);
    }
    return finish(NodeKind::ColumnRef, begin, mk);
}

bool Parser::soft_keyword_name() const {
    // Words that start a clause only when something follows them (WINDOW w AS, OFFSET 5, ...):
    // followed by a comma, a closing parenthesis, an operator or the end they are column names
    // (ClickHouse `window = '7D'`, `addDays(d, offset)`).
    static constexpr std::string_view k_soft[] = {"window", "offset", "fetch", "qualify", "limit"};
    bool soft = false;
    for (std::string_view w : k_soft) {
        soft = soft || peek_kw(w);
    }
    if (!soft) {
        return false;
    }
    const Token& next = peek(1);
    if (is_operand_stop(next)) {
        // `partition by window order by ...`: a clause word cannot follow the clause keyword.
        return !is_kw(next, "all") && !is_kw(next, "not") && !is_kw(next, "distinct") &&
               !is_kw(next, "select") && !is_kw(next, "with");
    }
    return next.kind == TokenKind::Comma || next.kind == TokenKind::RParen ||
           next.kind == TokenKind::End || next.kind == TokenKind::Semicolon ||
           (next.kind == TokenKind::Operator && !next.is_op("*") && !next.is_op("-") && !next.is_op("+"));
}

NodeId Parser::parse_paren_expr() {
    std::uint32_t begin = offset();
    std::size_t mk = mark();
    if (starts_query(1)) {
        advance();
        push(parse_query());
        expect(TokenKind::RParen, "')'");
        return finish(NodeKind::Subquery, begin, mk);
    }
    advance();
    push(parse_expr());
    if (accept(TokenKind::Comma)) {
        while (!at_end() && peek().kind != TokenKind::RParen) {
            push(parse_expr());
            if (!accept(TokenKind::Comma)) {
                break;
            }
        }
        expect(TokenKind::RParen, "')'");
        return finish(NodeKind::Row, begin, mk);
    }
    expect(TokenKind::RParen, "')'");
    return finish(NodeKind::Paren, begin, mk);
}

} // namespace dpipe::sql
