#pragma once
// Internal: the recursive-descent parser shared by parser.cpp (statements) and
// parser_expr.cpp (expressions). Throws SyntaxError; parse_template catches it.

#include "template/ast.hpp"
#include "template/lexer.hpp"

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::tmpl {

class Parser {
public:
    Parser(std::vector<Token> tokens, Template& tmpl, int max_depth)
        : m_tokens(std::move(tokens)), m_tmpl(tmpl), m_max_depth(max_depth) {}

    Body parse_root();

    // Expressions (parser_expr.cpp).
    ExprPtr parse_expression(bool with_condexpr = true);
    ExprPtr parse_tuple(bool with_condexpr = true, std::initializer_list<std::string_view> extra_end = {},
                        bool explicit_parens = false);

private:
    friend class DepthGuard;

    // Statements (parser.cpp).
    Body parse_body(std::initializer_list<std::string_view> end_tags, std::string_view open_block);
    NodePtr parse_statement();
    NodePtr parse_if(std::uint32_t pos);
    NodePtr parse_for(std::uint32_t pos);
    NodePtr parse_set(std::uint32_t pos);
    NodePtr parse_macro(std::uint32_t pos, std::string_view keyword);
    NodePtr parse_call_block(std::uint32_t pos);
    NodePtr parse_filter_block(std::uint32_t pos);
    NodePtr parse_with(std::uint32_t pos);
    NodePtr parse_dbt_block(std::uint32_t pos, std::string_view keyword);
    AssignTarget parse_assign_target(bool allow_attr, bool allow_tuple);
    void parse_macro_signature(MacroDef& m);
    void end_tag(std::string_view name);

    ExprPtr parse_condexpr();
    ExprPtr parse_or();
    ExprPtr parse_and();
    ExprPtr parse_not();
    ExprPtr parse_compare();
    ExprPtr parse_math1();
    ExprPtr parse_concat();
    ExprPtr parse_math2();
    ExprPtr parse_pow();
    ExprPtr parse_unary(bool with_filter);
    ExprPtr parse_primary();
    ExprPtr parse_postfix(ExprPtr node);
    ExprPtr parse_filter_expr(ExprPtr node);
    ExprPtr parse_subscript(ExprPtr node);
    ExprPtr parse_subscribed();
    ExprPtr parse_filter(ExprPtr node, bool start_inline);
    ExprPtr parse_test(ExprPtr node);
    std::unique_ptr<CallSpec> parse_call_args();
    ExprPtr parse_list_literal();
    ExprPtr parse_dict_literal();

    // Token helpers.
    const Token& cur() const { return m_tokens[m_i]; }
    const Token& peek(std::size_t n = 1) const {
        return m_tokens[std::min(m_i + n, m_tokens.size() - 1)];
    }
    void next() {
        if (m_i + 1 < m_tokens.size()) {
            ++m_i;
        }
    }
    bool is_op(std::string_view op) const { return cur().type == Tok::Op && cur().text == op; }
    bool is_name(std::string_view n) const { return cur().type == Tok::Name && cur().text == n; }
    bool skip_op(std::string_view op);
    bool skip_name(std::string_view n);
    void expect_op(std::string_view op);
    std::string expect_name();
    void expect_block_end(std::string_view what);
    [[noreturn]] void fail(std::string message) const;
    [[noreturn]] void fail_at(std::uint32_t pos, std::string message) const;
    std::string describe(const Token& t) const;
    ExprPtr make(ExprKind kind, std::uint32_t pos) const;

    std::vector<Token> m_tokens;
    std::size_t m_i = 0;
    Template& m_tmpl;
    int m_max_depth;
    int m_depth = 0;
    int m_elif_depth = 0;
    int m_loop_depth = 0; // for loops around the statement being parsed, within its macro
    std::vector<MacroDef*> m_macro_stack; // to note varargs/kwargs/caller use
};

// Counts nesting; throws when the parser's depth limit is exceeded.
class DepthGuard {
public:
    explicit DepthGuard(Parser& p);
    ~DepthGuard() { --m_p.m_depth; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

private:
    Parser& m_p;
};

} // namespace dpipe::tmpl
