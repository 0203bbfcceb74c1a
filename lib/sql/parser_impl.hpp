#pragma once
// Internal: the Parser class shared by parser.cpp (statements, queries, FROM) and
// parse_expr.cpp (expressions, types, windows). Not part of the public API.

#include "sql/parser.hpp"
#include "sql/tokenizer.hpp"

#include <string_view>
#include <vector>

namespace dpipe::sql {

class Parser {
public:
    Parser(Script& script, Dialect dialect, const ParseOptions& options);
    void run();

    // -- tokens --
    const Token& peek(std::size_t k = 0) const;
    const Token& advance();
    bool at_end() const { return peek().kind == TokenKind::End; }
    bool is_kw(const Token& t, std::string_view lower) const;
    bool peek_kw(std::string_view lower, std::size_t k = 0) const { return is_kw(peek(k), lower); }
    bool accept_kw(std::string_view lower);
    bool accept(TokenKind k);
    bool accept_op(std::string_view op);
    bool expect(TokenKind k, const char* what);
    bool expect_kw(std::string_view lower);
    bool is_reserved(const Token& t) const;      // ends an expression: never an implicit alias
    bool is_operand_stop(const Token& t) const; // can never start an operand
    bool is_ident_token(const Token& t) const; // a word usable as a name, or a quoted identifier
    std::uint32_t offset() const { return peek().offset; }

    // -- building --
    std::size_t mark() const { return m_stack.size(); }
    void push(NodeId n) { m_stack.push_back(n); }
    NodeId finish(NodeKind kind, std::uint32_t begin, std::size_t mark, std::string_view text = {},
                  std::uint16_t flags = 0);
    NodeId leaf(NodeKind kind, std::uint32_t begin, std::string_view text = {}, std::uint16_t flags = 0);
    std::string_view join_tokens(std::size_t from, std::size_t to);
    std::string_view upper_words(std::size_t from, std::size_t to);
    void warn(const Token& at, std::string message);
    // Consumes tokens up to a synchronisation point and returns an Opaque node (with a warning).
    NodeId opaque(std::string message);
    // Skips a balanced (...) / [...] group starting at the current token.
    void skip_group();

    // For left-deep chains built in loops (a + b + c ..., joins, postfix operators): counts one
    // more level and returns false (after reporting SQ002) once the depth limit is exceeded.
    bool chain_ok(int& chain);
    void report_depth();

    struct DepthGuard {
        Parser& p;
        bool ok;
        explicit DepthGuard(Parser& parser);
        ~DepthGuard() { --p.m_depth; }
    };

    // -- statements and queries (parser.cpp) --
    void parse_statement();
    NodeId parse_query();
    NodeId parse_with();
    NodeId parse_set_expr(int min_prec);
    NodeId parse_set_operand();
    NodeId parse_select();
    NodeId parse_values();
    NodeId parse_select_item();
    NodeId parse_star(std::uint32_t begin, std::size_t mark);
    NodeId parse_from();
    NodeId empty_query();
    NodeId parse_using();
    NodeId parse_table_expr();
    NodeId parse_table_primary();
    NodeId parse_pivot(NodeId source, std::uint32_t begin);
    void parse_table_modifier();
    NodeId parse_alias(bool required_as);
    NodeId parse_ident();
    NodeId parse_ident_list(NodeKind kind); // ( a, b, ... )
    NodeId parse_group_by();
    NodeId parse_order_by();
    std::size_t parse_name_parts(); // pushes Ident nodes; returns count

    // -- expressions (parse_expr.cpp) --
    NodeId parse_expr(int min_prec = 0);
    NodeId parse_unary();
    NodeId parse_primary();
    NodeId parse_postfix(NodeId operand, std::uint32_t begin);
    NodeId parse_function(std::uint32_t begin, std::size_t mark);
    NodeId parse_case();
    NodeId parse_type();
    NodeId parse_over();
    NodeId parse_window_spec(std::uint32_t begin);
    NodeId parse_interval();
    NodeId parse_paren_expr();
    NodeId parse_comparison_tail(NodeId left, std::uint32_t begin, bool& matched);
    // Whether `left` can be a lambda's parameters: one name, or a parenthesised list of names.
    bool lambda_params(NodeId left) const;
    bool starts_query(std::size_t k) const;
    // At a clause word used as a column name (see parse_expr.cpp).
    bool soft_keyword_name() const;
    // At CAST( x, 'Type') (clickhouse): a plain call, not CAST(x AS type).
    bool cast_is_call() const;

    // -- dialect clauses (parse_dialect.cpp) --
    // True when the tokens from peek(k) start a dialect clause, so they are never an alias.
    bool at_dialect_clause(std::size_t k = 0) const;
    // Consumes `words` keyword tokens and a comma-separated list of expressions (of OrderItems
    // when `order_items`) into a Clause node with `text`.
    NodeId parse_clause(std::string_view text, std::size_t words, bool order_items = false);
    // START WITH / CONNECT BY (after WHERE) and PREWHERE (before WHERE); pushes Clause nodes.
    void parse_hierarchy_clauses();
    void parse_prewhere();
    // DISTRIBUTE BY, CLUSTER BY, SORT BY (spark), SETTINGS, FORMAT (clickhouse); pushes Clauses.
    void parse_query_extras();
    // T-SQL TOP n [PERCENT] [WITH TIES], Snowflake TOP n, BigQuery AS STRUCT|VALUE: an Opaque.
    NodeId parse_select_prefix();
    bool at_select_prefix() const;
    // Trino JSON function clauses after an argument (OMIT QUOTES, RETURNING t, ... ON ERROR).
    bool at_json_clause() const;
    NodeId parse_json_clause();
    // Joins written without JOIN: CROSS/OUTER APPLY, [LEFT] ARRAY JOIN, LATERAL VIEW [OUTER].
    // Returns k_no_node (consuming nothing) when none starts here.
    NodeId parse_special_join(NodeId left, std::uint32_t begin);
    // MATCH_RECOGNIZE (...), FINAL, WITH (NOLOCK) after a table: Opaque children pushed.
    void parse_table_suffixes();

    Script& m_script;
    Ast& m_ast;
    Dialect m_dialect;
    const DialectTraits& m_traits;
    ParseOptions m_options;
    std::vector<Token> m_tokens;
    std::size_t m_pos = 0;
    std::uint32_t m_prev_end = 0;
    std::vector<NodeId> m_stack;
    int m_depth = 0;
    bool m_hierarchical = false; // inside CONNECT BY / START WITH: PRIOR is an operator
    bool m_fatal = false; // depth limit hit: the rest of the input reads as End
    Token m_end_token;
    std::string m_fold_buffer;
};

} // namespace dpipe::sql
