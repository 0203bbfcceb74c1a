// Function calls (arguments, FILTER, WITHIN GROUP, OVER, lambdas), CASE, INTERVAL, types, window specs.
#include "sql/parser_impl.hpp"

#include <algorithm>
#include <cctype>

namespace dpipe::sql {

namespace {

constexpr std::string_view k_interval_units[] = {
    "year", "years", "quarter", "month", "months", "week", "weeks", "day", "days", "hour",
    "hours", "minute", "minutes", "second", "seconds", "millisecond", "milliseconds",
    "microsecond", "microseconds", "to", "dayofweek", "isoweek", "isoyear", "epoch",
};

// Words that may continue a multi-word type name (double precision, timestamp with time zone).
constexpr std::string_view k_type_continuations[] = {
    "precision", "varying", "time", "zone", "local", "unsigned", "character",
};

// Types written with `<...>` parameters.
constexpr std::string_view k_generic_types[] = {
    "array", "map", "struct", "object", "range", "vector", "row", "tuple", "list", "nullable",
};

bool lower_equals_ascii(std::string_view text, std::string_view lower) {
    if (text.size() != lower.size()) {
        return false;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (static_cast<char>(std::tolower(static_cast<unsigned char>(text[i]))) != lower[i]) {
            return false;
        }
    }
    return true;
}

} // namespace

// The name parts are already on the stack (from `mk`); the current token is '('.
NodeId Parser::parse_function(std::uint32_t begin, std::size_t mk) {
    DepthGuard guard(*this);
    if (!guard.ok) {
        return finish(NodeKind::FuncCall, begin, mk);
    }
    advance(); // (
    std::uint16_t flags = 0;
    if (accept_kw("distinct")) {
        flags |= k_flag_distinct;
    } else if (peek_kw("all") && !(peek(1).kind == TokenKind::LParen)) {
        advance();
    }
    if (peek().is_op("*") && peek(1).kind == TokenKind::RParen) {
        advance();
        flags |= k_flag_star;
    }
    static constexpr std::string_view k_trim_words[] = {"both", "leading", "trailing"};
    static constexpr std::string_view k_trim_text[] = {"BOTH", "LEADING", "TRAILING"};
    for (int i = 0; i < 3; ++i) {
        if (peek_kw(k_trim_words[i])) {
            std::uint32_t b = offset();
            advance();
            std::size_t m2 = mark();
            if (!peek_kw("from")) {
                push(parse_expr());
            }
            push(finish(NodeKind::NamedArg, b, m2, k_trim_text[i]));
        }
    }
    while (!at_end() && peek().kind != TokenKind::RParen) {
        std::uint32_t b = offset();
        if (peek_kw("order") && peek_kw("by", 1)) {
            push(parse_order_by());
            continue;
        }
        if (peek_kw("limit")) {
            advance();
            std::size_t m2 = mark();
            push(parse_expr());
            push(finish(NodeKind::Limit, b, m2));
            continue;
        }
        if ((peek_kw("ignore") || peek_kw("respect")) && peek_kw("nulls", 1)) {
            std::string_view text = peek_kw("ignore") ? "IGNORE NULLS" : "RESPECT NULLS";
            advance();
            advance();
            push(leaf(NodeKind::NamedArg, b, text));
            continue;
        }
        static constexpr std::string_view k_sep_words[] = {"from", "for", "placing", "separator"};
        static constexpr std::string_view k_sep_text[] = {"FROM", "FOR", "PLACING", "SEPARATOR"};
        bool separated = false;
        for (int i = 0; i < 4; ++i) {
            if (peek_kw(k_sep_words[i])) {
                advance();
                std::size_t m2 = mark();
                push(parse_expr());
                push(finish(NodeKind::NamedArg, b, m2, k_sep_text[i]));
                separated = true;
                break;
            }
        }
        if (separated) {
            continue;
        }
        if (peek_kw("select") || peek_kw("with")) {
            // ANY(SELECT ...), ALL(SELECT ...), ARRAY(SELECT ...): a subquery argument.
            push(parse_query());
        } else if ((peek().kind == TokenKind::Word || peek().kind == TokenKind::QuotedIdent) &&
                   (peek(1).is_op("=>") || peek(1).is_op(":="))) {
            std::size_t m2 = mark();
            push(parse_ident());
            advance();
            push(parse_expr());
            push(finish(NodeKind::NamedArg, b, m2, "=>"));
        } else {
            std::size_t before = m_pos;
            push(parse_expr());
            if (m_pos == before) {
                break;
            }
        }
        int clauses = 0;
        while (at_json_clause() && chain_ok(clauses)) {
            push(parse_json_clause());
        }
        if (!accept(TokenKind::Comma)) {
            if (peek().kind != TokenKind::RParen && !peek_kw("order") && !peek_kw("limit") &&
                !peek_kw("ignore") && !peek_kw("respect") && !peek_kw("from") && !peek_kw("for") &&
                !peek_kw("placing") && !peek_kw("separator")) {
                push(opaque("unexpected '" + std::string(peek().text.substr(0, 40)) + "' in function arguments"));
                if (peek().kind != TokenKind::RParen) {
                    break;
                }
            }
        }
    }
    expect(TokenKind::RParen, "')'");
    if (m_dialect == Dialect::ClickHouse && peek().kind == TokenKind::LParen) {
        // Parametric aggregate: quantile(0.9)(x) -- the second list is a NamedArg ")(".
        std::uint32_t b = offset();
        advance();
        std::size_t m2 = mark();
        while (!at_end() && peek().kind != TokenKind::RParen) {
            push(parse_expr());
            if (!accept(TokenKind::Comma)) {
                break;
            }
        }
        expect(TokenKind::RParen, "')'");
        push(finish(NodeKind::NamedArg, b, m2, ")("));
    }
    if (peek_kw("within") && peek_kw("group", 1)) {
        std::uint32_t b = offset();
        advance();
        advance();
        std::size_t m2 = mark();
        if (expect(TokenKind::LParen, "'('")) {
            if (peek_kw("order") && peek_kw("by", 1)) {
                push(parse_order_by());
            }
            expect(TokenKind::RParen, "')'");
        }
        push(finish(NodeKind::WithinGroup, b, m2));
    }
    if (peek_kw("filter") && peek(1).kind == TokenKind::LParen) {
        std::uint32_t b = offset();
        advance();
        advance();
        std::size_t m2 = mark();
        expect_kw("where");
        push(parse_expr());
        expect(TokenKind::RParen, "')'");
        push(finish(NodeKind::Filter, b, m2));
    }
    if ((peek_kw("ignore") || peek_kw("respect")) && peek_kw("nulls", 1)) {
        flags |= peek_kw("ignore") ? k_flag_ignore_nulls : k_flag_respect_nulls;
        advance();
        advance();
    }
    if (peek_kw("over")) {
        push(parse_over());
    }
    return finish(NodeKind::FuncCall, begin, mk, {}, flags);
}

NodeId Parser::parse_over() {
    std::uint32_t begin = offset();
    advance(); // OVER
    if (peek().kind != TokenKind::LParen) {
        std::size_t mk = mark();
        push(parse_ident());
        return finish(NodeKind::Over, begin, mk);
    }
    return parse_window_spec(begin);
}

// ( [base] [PARTITION BY ...] [ORDER BY ...] [frame] ) -> Over
NodeId Parser::parse_window_spec(std::uint32_t begin) {
    std::size_t mk = mark();
    if (!expect(TokenKind::LParen, "'('")) {
        return finish(NodeKind::Over, begin, mk);
    }
    if (is_ident_token(peek()) && !peek_kw("partition") && !peek_kw("rows") && !peek_kw("range") &&
        !peek_kw("groups")) {
        push(parse_ident());
    }
    if (peek_kw("partition") && peek_kw("by", 1)) {
        std::uint32_t b = offset();
        advance();
        advance();
        std::size_t m2 = mark();
        do {
            push(parse_expr());
        } while (accept(TokenKind::Comma) && !at_end());
        push(finish(NodeKind::PartitionBy, b, m2));
    }
    if (peek_kw("order") && peek_kw("by", 1)) {
        push(parse_order_by());
    }
    if (peek_kw("rows") || peek_kw("range") || peek_kw("groups")) {
        std::uint32_t b = offset();
        std::size_t from = m_pos;
        while (!at_end() && peek().kind != TokenKind::RParen) {
            skip_group();
        }
        std::string text(upper_words(from, m_pos));
        push(leaf(NodeKind::Frame, b, m_ast.intern(std::move(text))));
    }
    expect(TokenKind::RParen, "')'");
    return finish(NodeKind::Over, begin, mk);
}

NodeId Parser::parse_case() {
    std::uint32_t begin = offset();
    std::size_t mk = mark();
    advance(); // CASE
    if (!peek_kw("when")) {
        push(parse_expr());
    }
    while (peek_kw("when")) {
        std::uint32_t b = offset();
        advance();
        std::size_t m2 = mark();
        push(parse_expr());
        expect_kw("then");
        push(parse_expr());
        push(finish(NodeKind::When, b, m2));
    }
    if (peek_kw("else")) {
        std::uint32_t b = offset();
        advance();
        std::size_t m2 = mark();
        push(parse_expr());
        push(finish(NodeKind::Else, b, m2));
    }
    expect_kw("end");
    return finish(NodeKind::Case, begin, mk);
}

NodeId Parser::parse_interval() {
    std::uint32_t begin = offset();
    std::size_t mk = mark();
    advance(); // INTERVAL
    push(parse_unary());
    std::size_t from = m_pos;
    bool matched = true;
    while (matched) {
        matched = false;
        for (std::string_view u : k_interval_units) {
            if (peek_kw(u)) {
                advance();
                matched = true;
                break;
            }
        }
    }
    return finish(NodeKind::Interval, begin, mk, m_pos > from ? upper_words(from, m_pos) : std::string_view{});
}

// A type name, normalised: words, (args), <params>, [] suffixes. Never consumes AS or ')'.
NodeId Parser::parse_type() {
    std::uint32_t begin = offset();
    std::size_t from = m_pos;
    if (peek().kind != TokenKind::Word && peek().kind != TokenKind::QuotedIdent) {
        return opaque("expected a type name");
    }
    advance();
    while (peek().kind == TokenKind::Dot && (peek(1).kind == TokenKind::Word || peek(1).kind == TokenKind::QuotedIdent)) {
        advance();
        advance();
    }
    for (;;) {
        bool cont = false;
        for (std::string_view w : k_type_continuations) {
            if (peek_kw(w)) {
                cont = true;
                break;
            }
        }
        if ((peek_kw("with") || peek_kw("without")) && peek_kw("time", 1)) {
            cont = true;
        }
        if (!cont) {
            break;
        }
        advance();
    }
    // `<...>` parameters only follow the types that take them (array<int>, map<k, v>,
    // struct<a int>): after any other type `<` is a comparison (`x::date < y`).
    std::string_view last = m_tokens[m_pos - 1].text;
    if (peek().kind == TokenKind::LParen) {
        skip_group();
    }
    bool generic = false;
    for (std::string_view w : k_generic_types) {
        generic = generic || lower_equals_ascii(last, w);
    }
    if (peek().is_op("<") && generic) {
        int depth = 0;
        do {
            const Token& t = peek();
            if (t.kind == TokenKind::End || t.kind == TokenKind::Semicolon) {
                break;
            }
            if (t.kind == TokenKind::Operator) {
                for (char c : t.text) {
                    depth += c == '<' ? 1 : c == '>' ? -1 : 0;
                }
            }
            advance();
        } while (depth > 0);
    }
    while (peek().kind == TokenKind::LBracket && (peek(1).kind == TokenKind::RBracket ||
                                                 (peek(1).kind == TokenKind::Number && peek(2).kind == TokenKind::RBracket))) {
        skip_group();
    }
    std::string text(join_tokens(from, m_pos));
    for (char& c : text) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return leaf(NodeKind::Type, begin, m_ast.intern(std::move(text)));
}

bool Parser::lambda_params(NodeId left) const {
    auto single_name = [&](NodeId id) {
        const Node& n = m_ast.node(id);
        return n.kind == NodeKind::ColumnRef && n.child_count == 1;
    };
    const Node& n = m_ast.node(left);
    if (n.kind == NodeKind::Row || n.kind == NodeKind::Paren) {
        auto kids = m_ast.children(left);
        return !kids.empty() && std::all_of(kids.begin(), kids.end(), single_name);
    }
    return single_name(left);
}

} // namespace dpipe::sql
