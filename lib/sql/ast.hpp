#pragma once
// The SQL syntax tree: a compact arena of nodes owned by an Ast. Nodes refer to each other by
// index; each node's children are a contiguous run of `Ast::children`. Node text views point into
// the source (kept alive by the Ast) or into the Ast's own string pool.
//
// Shape conventions (children in order; [] = optional, * = repeated):
//   Statement kinds: see StatementKind. A query statement's node is a Query.
//   Query         [With] body [OrderBy] [Limit] [Offset] [Fetch]; body = Select|SetOp|Values|Query
//   With          Cte*                      flags: Recursive
//   Cte           Ident(name) [ColumnList] Query
//   SetOp         left right                text: UNION|INTERSECT|EXCEPT|MINUS; flags: All|Distinct
//   Select        [DistinctOn] SelectList [From] [Where] [GroupBy] [Having] [Window] [Qualify]
//                                           flags: Distinct
//   SelectItem    expr [Alias]
//   Star          Ident* (qualifier) StarModifier*
//   StarModifier  text: EXCEPT|EXCLUDE|REPLACE|RENAME; children Ident* or SelectItem*
//   From          table_expr*
//   TableRef      Ident+ (name parts) [Alias] [Opaque(sample/time travel)]
//   DerivedTable  Query [Alias]             flags: Lateral
//   TableFunc     FuncCall [Alias]          flags: Lateral
//   Join          left right [On|Using]     text: join type ("JOIN", "LEFT JOIN", ...); flags: Natural
//   Pivot         table_expr PivotSpec [Alias]  text: PIVOT|UNPIVOT
//   Alias         Ident [ColumnList]
//   ColumnRef     Ident+                    (a.b.c)
//   FuncCall      Ident+ (name) args... [Filter] [WithinGroup] [Over]  flags: Distinct, Star
//   NamedArg      text "=>": Ident expr;  text FROM|FOR|IN|PLACING: expr (keyword-separated
//                 argument); text BOTH|LEADING|TRAILING: [expr]; text IGNORE NULLS|RESPECT NULLS;
//                 text ")(": expr* (clickhouse parametric call f(p)(args)); RETURNING: Type;
//                 DEFAULT: expr; other upper-case words: an SQL/JSON clause (OMIT QUOTES, ...)
//   Over          [Ident(base window)] [PartitionBy] [OrderBy] [Frame] | Ident (named window)
//   WindowDef     Ident Over                (WINDOW w AS (...))
//   BinaryOp      left right                text: operator (upper-cased keywords)
//   UnaryOp       operand                   text: operator (NOT, -, +, ~)
//   Postfix       operand                   text: IS NULL, IS NOT NULL, ...
//   Between       expr low high             flags: Not
//   InList        expr item*                flags: Not
//   InQuery       expr Query                flags: Not
//   Like          expr pattern [escape]     text: LIKE|ILIKE|SIMILAR TO|RLIKE|...; flags: Not
//   IsDistinct    left right                flags: Not
//   Exists        Query                     flags: Not
//   Subquery      Query                     (scalar)
//   Case          [operand] When* [Else]    When: cond result; Else: expr
//   Cast          expr Type                 text: CAST|TRY_CAST|SAFE_CAST|::
//   Extract       Ident(field) expr
//   Interval      expr [Ident unit...]      text: the unit words
//   Literal       -                         text: literal as written; flags: LitString|LitNumber|...
//   TypedLiteral  Literal                   text: type name (DATE '2020-01-01')
//   Param         -                         text as written
//   Array         item*                     text: ARRAY|[ ; Query child for ARRAY(subquery)
//   Struct        item*                     text: STRUCT|{ ; items: SelectItem or StructField
//   StructField   Literal(key) expr         (duckdb {'k': v})
//   Row           item*                     ((a, b))
//   Subscript     expr index [upper]        flags: Slice
//   FieldAccess   expr Ident                ((expr).field)
//   JsonPath      expr Literal(path)        (snowflake v:a.b[0])
//   Paren         expr
//   AtTimeZone    expr zone
//   Collate       expr Ident
//   Type          -                         text: normalised type name
//   Frame         -                         text: normalised frame clause
//   Opaque        -                         text: the tokens not understood
//   Clause        item*                     a dialect clause: text is its keywords (START WITH,
//                                           CONNECT BY, PREWHERE, DISTRIBUTE BY, CLUSTER BY,
//                                           SORT BY (OrderItem*), SETTINGS, FORMAT); text empty:
//                                           the SelectItem list right of an ARRAY JOIN
//   Where, Having, Qualify, On, Else, Limit, Offset, Fetch: one expr child
//   GroupBy       item* (expr or GroupingSet)  flags: All;  GroupingSet text: ROLLUP|CUBE|GROUPING SETS|()
//   OrderBy       OrderItem*                OrderItem: expr; text: ASC/DESC NULLS ...
//   PartitionBy, DistinctOn, ColumnList, Using, Values(Row*), Window(WindowDef*)

#include "core/source_loc.hpp"
#include "sql/dialect.hpp"

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::sql {

using NodeId = std::uint32_t;
inline constexpr NodeId k_no_node = 0xffffffffu;

enum class NodeKind : std::uint8_t {
    Statement, Query, With, Cte, SetOp, Select, SelectList, SelectItem, Star, StarModifier,
    From, TableRef, DerivedTable, TableFunc, Join, Pivot, PivotSpec, Alias, On, Using,
    Where, GroupBy, GroupingSet, Having, Qualify, Window, WindowDef, OrderBy, OrderItem,
    Limit, Offset, Fetch, Values, DistinctOn, ColumnList, Ident, ColumnRef, FuncCall, NamedArg,
    Filter, WithinGroup, Over, PartitionBy, Frame, BinaryOp, UnaryOp, Postfix, Between, InList,
    InQuery, Like, IsDistinct, Exists, Subquery, Case, When, Else, Cast, Extract, Interval,
    Literal, TypedLiteral, Param, Array, Struct, StructField, Row, Subscript, FieldAccess,
    JsonPath, Paren, AtTimeZone, Collate, Type, Opaque, Clause,
};

const char* node_kind_name(NodeKind k);

// Node flags (meaning depends on the kind, see above).
enum NodeFlag : std::uint16_t {
    k_flag_quoted = 1 << 0,    // Ident: was quoted
    k_flag_distinct = 1 << 1,  // Select, FuncCall, SetOp
    k_flag_all = 1 << 2,       // SetOp, GroupBy
    k_flag_recursive = 1 << 3, // With
    k_flag_not = 1 << 4,       // Between, InList, InQuery, Like, IsDistinct, Exists
    k_flag_lateral = 1 << 5,   // DerivedTable, TableFunc
    k_flag_natural = 1 << 6,   // Join
    k_flag_star = 1 << 7,      // FuncCall: count(*)
    k_flag_slice = 1 << 8,     // Subscript
    k_flag_string = 1 << 9,    // Literal kinds
    k_flag_number = 1 << 10,
    k_flag_bool = 1 << 11,
    k_flag_null = 1 << 12,
    k_flag_no_parens = 1 << 13,    // FuncCall: CURRENT_DATE and friends
    k_flag_ignore_nulls = 1 << 14, // FuncCall: IGNORE NULLS after the arguments
    k_flag_respect_nulls = 1 << 15, // FuncCall: RESPECT NULLS after the arguments
};

enum class StatementKind : std::uint8_t {
    Query, Create, Insert, Update, Delete, Merge, Drop, Alter, Grant, Revoke, Truncate, Copy,
    Set, Use, Transaction, Call, Explain, Other,
};
const char* statement_kind_name(StatementKind k);

struct Node {
    std::string_view text;
    std::uint32_t begin = 0; // byte offsets in the source, [begin, end)
    std::uint32_t end = 0;
    std::uint32_t line = 0; // 1-based
    std::uint32_t col = 0;  // 1-based, in bytes
    std::uint32_t first_child = 0;
    std::uint32_t child_count = 0;
    NodeKind kind = NodeKind::Opaque;
    std::uint16_t flags = 0;

    bool has(std::uint16_t f) const { return (flags & f) != 0; }
};

class Ast {
public:
    Ast(std::string file, std::string source, Dialect dialect);
    Ast(const Ast&) = delete;
    Ast& operator=(const Ast&) = delete;

    const std::string& file() const { return m_file; }
    std::string_view source() const { return m_source; }
    Dialect dialect() const { return m_dialect; }

    const Node& node(NodeId id) const { return m_nodes[id]; }
    Node& node(NodeId id) { return m_nodes[id]; }
    std::size_t size() const { return m_nodes.size(); }
    // The children of `id`, in order.
    struct Children {
        const NodeId* b;
        const NodeId* e;
        const NodeId* begin() const { return b; }
        const NodeId* end() const { return e; }
        std::size_t size() const { return static_cast<std::size_t>(e - b); }
        bool empty() const { return b == e; }
        NodeId operator[](std::size_t i) const { return b[i]; }
    };
    Children children(NodeId id) const;
    // The first child of `id` of the given kind, or k_no_node.
    NodeId child_of_kind(NodeId id, NodeKind kind) const;
    core::SourceLoc loc(NodeId id) const;
    core::SourceLoc loc_at(std::size_t offset) const;

    // Building (used by the parser).
    NodeId add(NodeKind kind, std::uint32_t begin, std::string_view text = {}, std::uint16_t flags = 0);
    // Makes the ids in `kids` the children of `id` (call once per node).
    void set_children(NodeId id, const NodeId* kids, std::size_t count);
    // Stores a string for the lifetime of the Ast and returns a stable view of it.
    std::string_view intern(std::string s);

private:
    std::string m_file;
    std::string m_source;
    Dialect m_dialect;
    std::vector<Node> m_nodes;
    std::vector<NodeId> m_children;
    std::deque<std::string> m_strings;
    std::vector<std::uint32_t> m_line_starts;
};

// Structural equality of two subtrees: kinds, texts, flags and shape; locations are ignored.
bool same_structure(const Ast& a, NodeId na, const Ast& b, NodeId nb);

// A debugging dump: one node per line, indented, "Kind 'text' [flags]".
std::string dump(const Ast& ast, NodeId id);

} // namespace dpipe::sql
