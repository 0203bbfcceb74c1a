// Parser core: token access, node building, error recovery and statement dispatch.
#include "sql/parser_impl.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace dpipe::sql {

namespace {

// Words that end an expression or a clause, so they never read as an implicit alias.
constexpr std::string_view k_reserved[] = {
    "all", "and", "anti", "any", "as", "asc", "asof", "between", "by", "case", "collate",
    "connect", "cross", "desc", "distinct", "else", "end", "escape", "except", "exclude",
    "fetch", "for", "from", "full", "glob", "group", "having", "ilike", "in", "inner",
    "intersect", "into", "is", "isnull", "join", "lateral", "left", "like", "limit", "minus",
    "natural", "not", "notnull", "null", "offset", "on", "or", "order", "outer", "overlaps", "pivot",
    "positional", "qualify", "regexp", "rename", "replace", "returning", "right", "rlike",
    "sample", "select", "semi", "similar", "tablesample", "then", "union", "unpivot", "using",
    "when", "where", "window", "with", "values",
};

// Reserved words that can never start an operand (others, like SAMPLE or VALUES, may still be
// column names).
constexpr std::string_view k_operand_stops[] = {
    "all", "and", "as", "asc", "between", "by", "cross", "desc", "distinct", "else", "end",
    "except", "fetch", "for", "from", "full", "group", "having", "ilike", "in", "inner",
    "intersect", "into", "is", "join", "like", "limit", "minus", "natural", "not", "offset", "on",
    "or", "order", "outer", "qualify", "select", "then", "union", "using", "when", "where",
    "window", "with",
};

bool lower_equals(std::string_view text, std::string_view lower) {
    if (text.size() != lower.size()) {
        return false;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
        if (c != lower[i]) {
            return false;
        }
    }
    return true;
}

bool punct_no_space_before(const Token& t) {
    return t.kind == TokenKind::RParen || t.kind == TokenKind::Comma || t.kind == TokenKind::RBracket ||
           t.kind == TokenKind::LBracket || t.kind == TokenKind::Dot || t.kind == TokenKind::LParen;
}

bool punct_no_space_after(const Token& t) {
    return t.kind == TokenKind::LParen || t.kind == TokenKind::LBracket || t.kind == TokenKind::Dot;
}

} // namespace

NodeId Statement::query() const {
    if (!ast || node == k_no_node || kind != StatementKind::Query) {
        return k_no_node;
    }
    return ast->child_of_kind(node, NodeKind::Query);
}

bool Script::has_errors() const {
    return std::any_of(m_diagnostics.begin(), m_diagnostics.end(),
                       [](const core::Diagnostic& d) { return d.severity == core::Severity::Error; });
}

Parser::Parser(Script& script, Dialect dialect, const ParseOptions& options)
    : m_script(script), m_ast(*script.m_ast), m_dialect(dialect), m_traits(traits(dialect)),
      m_options(options) {
    // Comments are kept on the Script for lint (suppressions, style); the grammar never sees them.
    std::string_view source = m_ast.source();
    m_tokens.reserve(source.size() / 4 + 4);
    Tokenizer tz(source, dialect);
    for (;;) {
        Token t = tz.next(Trivia::Comments);
        if (t.is_comment()) {
            m_script.m_comments.push_back(t);
            continue;
        }
        m_tokens.push_back(t);
        if (t.kind == TokenKind::End) {
            break;
        }
    }
    m_end_token = m_tokens.back();
    m_stack.reserve(64);
}

void Parser::report_depth() {
    if (m_fatal) {
        return;
    }
    core::Diagnostic d;
    d.severity = core::Severity::Error;
    d.code = "SQ002";
    d.loc = m_ast.loc_at(peek().offset);
    d.message = "SQL nested deeper than " + std::to_string(m_options.max_depth) + " levels";
    m_script.m_diagnostics.push_back(std::move(d));
    m_fatal = true;
}

bool Parser::chain_ok(int& chain) {
    ++chain;
    if (m_depth + chain / 4 > m_options.max_depth) {
        report_depth();
    }
    return !m_fatal;
}

Parser::DepthGuard::DepthGuard(Parser& parser) : p(parser), ok(true) {
    ++p.m_depth;
    if (p.m_depth > p.m_options.max_depth) {
        p.report_depth();
    }
    ok = !p.m_fatal;
}

const Token& Parser::peek(std::size_t k) const {
    if (m_fatal) {
        return m_end_token;
    }
    std::size_t i = m_pos + k;
    return i < m_tokens.size() ? m_tokens[i] : m_tokens.back();
}

const Token& Parser::advance() {
    const Token& t = peek();
    if (!m_fatal && t.kind != TokenKind::End) {
        m_prev_end = t.offset + static_cast<std::uint32_t>(t.text.size());
        ++m_pos;
    }
    return t;
}

bool Parser::is_kw(const Token& t, std::string_view lower) const {
    return t.kind == TokenKind::Word && lower_equals(t.text, lower);
}

bool Parser::accept_kw(std::string_view lower) {
    if (peek_kw(lower)) {
        advance();
        return true;
    }
    return false;
}

bool Parser::accept(TokenKind k) {
    if (peek().kind == k) {
        advance();
        return true;
    }
    return false;
}

bool Parser::accept_op(std::string_view op) {
    if (peek().is_op(op)) {
        advance();
        return true;
    }
    return false;
}

bool Parser::expect(TokenKind k, const char* what) {
    if (accept(k)) {
        return true;
    }
    if (!m_fatal) {
        warn(peek(), std::string("expected ") + what + ", found " + std::string(token_kind_name(peek().kind)) +
                         (peek().text.empty() ? "" : " '" + std::string(peek().text.substr(0, 40)) + "'"));
    }
    return false;
}

bool Parser::expect_kw(std::string_view lower) {
    if (accept_kw(lower)) {
        return true;
    }
    if (!m_fatal) {
        std::string up(lower);
        std::transform(up.begin(), up.end(), up.begin(), [](char c) { return static_cast<char>(std::toupper(c)); });
        warn(peek(), "expected " + up + ", found '" + std::string(peek().text.substr(0, 40)) + "'");
    }
    return false;
}

bool Parser::is_reserved(const Token& t) const {
    if (t.kind != TokenKind::Word || t.text.size() > 12) {
        return false;
    }
    char buf[16];
    for (std::size_t i = 0; i < t.text.size(); ++i) {
        char c = t.text[i];
        buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    std::string_view w(buf, t.text.size());
    return std::find(std::begin(k_reserved), std::end(k_reserved), w) != std::end(k_reserved);
}

bool Parser::is_operand_stop(const Token& t) const {
    if (t.kind != TokenKind::Word || t.text.size() > 12) {
        return false;
    }
    for (std::string_view w : k_operand_stops) {
        if (lower_equals(t.text, w)) {
            return true;
        }
    }
    return false;
}

bool Parser::is_ident_token(const Token& t) const {
    return t.kind == TokenKind::QuotedIdent || (t.kind == TokenKind::Word && !is_reserved(t));
}

NodeId Parser::finish(NodeKind kind, std::uint32_t begin, std::size_t mk, std::string_view text,
                      std::uint16_t flags) {
    NodeId id = m_ast.add(kind, begin, text, flags);
    m_ast.set_children(id, m_stack.data() + mk, m_stack.size() - mk);
    m_stack.resize(mk);
    m_ast.node(id).end = std::max(m_prev_end, begin);
    return id;
}

NodeId Parser::leaf(NodeKind kind, std::uint32_t begin, std::string_view text, std::uint16_t flags) {
    NodeId id = m_ast.add(kind, begin, text, flags);
    m_ast.node(id).end = std::max(m_prev_end, begin);
    return id;
}

std::string_view Parser::join_tokens(std::size_t from, std::size_t to) {
    std::string out;
    for (std::size_t i = from; i < to && i < m_tokens.size(); ++i) {
        const Token& t = m_tokens[i];
        if (i > from && !punct_no_space_before(t) && !punct_no_space_after(m_tokens[i - 1])) {
            out += ' ';
        }
        out += t.text;
    }
    return m_ast.intern(std::move(out));
}

std::string_view Parser::upper_words(std::size_t from, std::size_t to) {
    std::string out;
    for (std::size_t i = from; i < to && i < m_tokens.size(); ++i) {
        if (!out.empty()) {
            out += ' ';
        }
        for (char c : m_tokens[i].text) {
            out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
    }
    return m_ast.intern(std::move(out));
}

void Parser::warn(const Token& at, std::string message) {
    if (m_fatal) {
        return;
    }
    core::Diagnostic d;
    d.severity = core::Severity::Warning;
    d.code = "SQ001";
    d.loc = m_ast.loc_at(at.offset);
    d.message = "cannot parse SQL: " + std::move(message);
    m_script.m_diagnostics.push_back(std::move(d));
}

void Parser::skip_group() {
    int depth = 0;
    do {
        TokenKind k = peek().kind;
        if (k == TokenKind::End) {
            return;
        }
        if (k == TokenKind::LParen || k == TokenKind::LBracket || k == TokenKind::LBrace) {
            ++depth;
        } else if (k == TokenKind::RParen || k == TokenKind::RBracket || k == TokenKind::RBrace) {
            --depth;
        }
        advance();
    } while (depth > 0);
}

NodeId Parser::opaque(std::string message) {
    const Token& first = peek();
    std::uint32_t begin = first.offset;
    if (first.kind == TokenKind::Error) {
        message = Tokenizer::error_message(first);
    }
    warn(first, std::move(message));
    std::size_t from = m_pos;
    while (!at_end()) {
        const Token& t = peek();
        if (t.kind == TokenKind::Comma || t.kind == TokenKind::RParen || t.kind == TokenKind::RBracket ||
            t.kind == TokenKind::Semicolon || t.kind == TokenKind::RBrace) {
            break;
        }
        if (m_pos > from && is_reserved(t) && !is_kw(t, "and") && !is_kw(t, "or")) {
            break;
        }
        if (t.kind == TokenKind::LParen || t.kind == TokenKind::LBracket || t.kind == TokenKind::LBrace) {
            skip_group();
        } else {
            advance();
        }
    }
    return leaf(NodeKind::Opaque, begin, join_tokens(from, m_pos));
}

namespace {

struct KindWord {
    std::string_view word;
    StatementKind kind;
};

constexpr KindWord k_statement_words[] = {
    {"create", StatementKind::Create},     {"insert", StatementKind::Insert},
    {"update", StatementKind::Update},     {"delete", StatementKind::Delete},
    {"merge", StatementKind::Merge},       {"drop", StatementKind::Drop},
    {"alter", StatementKind::Alter},       {"grant", StatementKind::Grant},
    {"revoke", StatementKind::Revoke},     {"truncate", StatementKind::Truncate},
    {"copy", StatementKind::Copy},         {"set", StatementKind::Set},
    {"reset", StatementKind::Set},         {"use", StatementKind::Use},
    {"begin", StatementKind::Transaction}, {"commit", StatementKind::Transaction},
    {"rollback", StatementKind::Transaction}, {"start", StatementKind::Transaction},
    {"call", StatementKind::Call},         {"execute", StatementKind::Call},
    {"explain", StatementKind::Explain},   {"analyze", StatementKind::Other},
    {"vacuum", StatementKind::Other},      {"comment", StatementKind::Other},
    {"show", StatementKind::Other},        {"describe", StatementKind::Other},
    {"declare", StatementKind::Other},     {"replace", StatementKind::Insert},
    {"upsert", StatementKind::Insert},     {"unload", StatementKind::Copy},
    {"put", StatementKind::Copy},          {"pragma", StatementKind::Set},
    {"attach", StatementKind::Other},      {"refresh", StatementKind::Other},
};

} // namespace

bool Parser::starts_query(std::size_t k) const {
    const Token& t = peek(k);
    if (t.kind == TokenKind::LParen) {
        if (!starts_query(k + 1)) {
            return false;
        }
        // `((select a) - (select b))` is an expression: what follows the inner group decides.
        // The scan is bounded; past the bound the group is taken for a query.
        int depth = 0;
        std::size_t j = k;
        for (std::size_t steps = 0; steps < 4096; ++steps, ++j) {
            TokenKind kind = peek(j).kind;
            if (kind == TokenKind::End) {
                return true;
            }
            if (kind == TokenKind::LParen) {
                ++depth;
            } else if (kind == TokenKind::RParen && --depth == 0) {
                const Token& after = peek(j + 1);
                return after.kind == TokenKind::RParen || after.kind == TokenKind::End ||
                       after.kind == TokenKind::Semicolon || is_kw(after, "union") ||
                       is_kw(after, "except") || is_kw(after, "intersect") || is_kw(after, "minus") ||
                       is_kw(after, "order") || is_kw(after, "limit") || is_kw(after, "offset") ||
                       is_kw(after, "fetch");
            }
        }
        return true;
    }
    return is_kw(t, "select") || is_kw(t, "with") || is_kw(t, "values");
}

void Parser::parse_statement() {
    const Token& first = peek();
    std::uint32_t begin = first.offset;
    std::size_t mk = mark();
    StatementKind kind = StatementKind::Other;
    bool known = false;
    if (starts_query(0)) {
        kind = StatementKind::Query;
        known = true;
        push(parse_query());
        if (!at_end() && peek().kind != TokenKind::Semicolon) {
            std::size_t from = m_pos;
            warn(peek(), "unexpected '" + std::string(peek().text.substr(0, 40)) + "' after the query");
            while (!at_end() && peek().kind != TokenKind::Semicolon) {
                skip_group();
            }
            push(leaf(NodeKind::Opaque, m_tokens[from].offset, join_tokens(from, m_pos)));
        }
    } else {
        for (const KindWord& kw : k_statement_words) {
            if (is_kw(first, kw.word)) {
                kind = kw.kind;
                known = true;
                break;
            }
        }
        // The body of a Snowflake semantic view (dbt's `semantic_view` materialization):
        // TABLES (...) RELATIONSHIPS (...) FACTS (...) DIMENSIONS (...) METRICS (...).
        if (m_dialect == Dialect::Snowflake && is_kw(first, "tables") && peek(1).kind == TokenKind::LParen) {
            known = true;
        }
        if (!known) {
            warn(first, "unrecognised statement starting with '" + std::string(first.text.substr(0, 40)) + "'");
        }
        std::size_t from = m_pos;
        while (!at_end() && peek().kind != TokenKind::Semicolon) {
            skip_group();
        }
        push(leaf(NodeKind::Opaque, begin, join_tokens(from, m_pos)));
    }
    NodeId stmt = finish(NodeKind::Statement, begin, mk, statement_kind_name(kind));
    Statement s;
    s.ast = &m_ast;
    s.node = stmt;
    s.kind = kind;
    s.loc = m_ast.loc(stmt);
    m_script.m_statements.push_back(s);
}

void Parser::run() {
    while (!at_end()) {
        if (accept(TokenKind::Semicolon)) {
            continue;
        }
        std::size_t before = m_pos;
        parse_statement();
        if (m_fatal) {
            break;
        }
        if (m_pos == before) {
            advance(); // guarantee progress on any input
        }
    }
}

Script parse(std::string file, std::string source, Dialect dialect, const ParseOptions& options) {
    Script script;
    script.m_ast = std::make_shared<Ast>(std::move(file), std::move(source), dialect);
    Parser parser(script, dialect, options);
    parser.run();
    return script;
}

} // namespace dpipe::sql
