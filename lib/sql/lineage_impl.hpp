#pragma once
// Internal: the lineage analyzer shared by lineage.cpp (queries, FROM, stars) and
// lineage_expr.cpp (expressions and name resolution).

#include "sql/lineage.hpp"

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::sql::detail {

struct ColumnInfo {
    std::string name;
    Derivation how = Derivation::Copy;
    std::vector<ColumnOrigin> from;
    bool unresolved = false;
    std::string reason; // see OutputColumn::reason
    core::SourceLoc loc;
};

struct Shape {
    std::vector<ColumnInfo> columns;
    bool complete = true; // false when a * inside could not be expanded
    std::string reason;   // why it is not complete, when known
    // Incomplete because of a * over one relation whose columns are unknown (and nothing else):
    // a column not listed can only be that relation's column of the same name, unless a star
    // modifier (EXCLUDE, REPLACE, RENAME) names it.
    std::optional<std::size_t> passthrough;
    std::vector<std::string> passthrough_excluded;
};

// A shape whose columns are unknown, for `reason`.
inline Shape incomplete_shape(std::string reason = {}) {
    Shape s;
    s.complete = false;
    s.reason = std::move(reason);
    return s;
}

struct CteEntry;
// A persistent chain of visible CTEs (innermost first).
struct CteEnv {
    const CteEnv* parent = nullptr;
    CteEntry* entry = nullptr;
};
struct CteEntry {
    std::string_view name;
    NodeId node = k_no_node;
    const CteEnv* body_env = nullptr;
    bool recursive = false;
    bool in_progress = false;
    bool done = false;
    Shape shape;
};

struct Source {
    enum class Kind { Physical, Derived, Function, Unknown };
    Kind kind = Kind::Unknown;
    std::string_view alias;                // name used to qualify its columns
    std::vector<std::string_view> parts;   // the table name as written (Physical/CTE)
    std::string_view func_name;            // Function: the (last part of the) function name
    std::size_t relation = 0;              // Physical
    const std::vector<std::string>* columns = nullptr; // Physical: from the schema lookup
    std::vector<std::string> renamed;      // alias column list (t(a, b))
    Shape shape;                           // Derived
    std::vector<ColumnOrigin> func_origins; // Function: what its arguments read
    const std::vector<std::string>* fixed_columns = nullptr; // Function: the columns it always
                                           // returns, when the function defines them (FLATTEN)
    std::vector<std::string_view> using_columns; // joined with USING: hidden from a second *
    std::string reason;                    // Unknown: why its columns are unknown
    bool array_join = false;               // Function: a ClickHouse ARRAY JOIN element; shadows
                                           // the array column of the same name
};

struct Scope {
    const Scope* parent = nullptr;
    std::vector<Source> sources;
    const std::vector<ColumnInfo>* select_items = nullptr; // for alias references in clauses
};

enum class Has { No, Yes, Maybe };

struct ExprInfo {
    std::vector<ColumnOrigin> from;
    Derivation inner = Derivation::Copy; // the strongest derivation among referenced columns
    bool aggregate = false;
    bool unresolved = false;
    std::string reason; // the first known reason a column it reads is unresolved
    bool bare = false;  // the expression is a single column reference
};

struct Resolved {
    bool found = false;
    bool ambiguous = false;
    std::vector<ColumnOrigin> from;
    Derivation how = Derivation::Copy;
    std::string reason; // the column is unresolved for this reason (an unavailable macro)
};

// Keeps the first reason given.
inline void note_reason(std::string& into, const std::string& reason) {
    if (into.empty()) {
        into = reason;
    }
}

class Analyzer {
public:
    Analyzer(const Ast& ast, Dialect dialect, const SchemaLookup& lookup);
    QueryLineage run(NodeId query);

    // lineage.cpp
    Shape query(NodeId q, const Scope* outer, const CteEnv* env);
    Shape query_body(NodeId body, const Scope* outer, const CteEnv* env);
    Shape select(NodeId s, const Scope* outer, const CteEnv* env);
    Shape values(NodeId v, const Scope* outer, const CteEnv* env);
    const CteEnv* with(NodeId w, const Scope* outer, const CteEnv* env);
    const Shape& cte_shape(CteEntry& e, const Scope* outer);
    void from_item(NodeId item, Scope& scope, const Scope* outer, const CteEnv* env);
    void table_ref(NodeId item, Scope& scope, const CteEnv* env);
    // `source UNPIVOT (value FOR name IN (c1, c2, ...))` (lineage_select.cpp): the source's
    // columns but c1, c2, ..., then `name` and `value`, both read from c1, c2, .... False (and
    // nothing added) for a form it does not trace (several value columns).
    bool unpivot(NodeId item, Scope& inner, Source& out);
    void expand_star(NodeId star, const Scope& scope, const CteEnv* env, Shape& out);
    void source_columns(const Source& src, std::vector<ColumnInfo>& out, bool& complete) const;
    std::size_t relation_index(const std::vector<std::string_view>& parts, NodeId ref);
    // Orders relations by their first reference in the source and remaps all indices.
    void order_relations();
    const std::vector<std::string>* schema(std::size_t relation);

    // lineage_expr.cpp
    ExprInfo expr(NodeId e, const Scope& scope, const CteEnv* env, bool filter);
    void walk(NodeId e, const Scope& scope, const CteEnv* env, bool filter, ExprInfo& info);
    void window(NodeId over, const Scope& scope, const CteEnv* env); // PARTITION BY / ORDER BY -> filter
    // A lambda argument (x -> body): walks the body with x bound; false when `e` is no lambda.
    bool lambda(NodeId e, const Scope& scope, const CteEnv* env, bool filter, ExprInfo& info);
    Resolved resolve(NodeId column_ref, const Scope& scope) const;
    // Why `parts` could not be resolved in `scope`: the first source that may hold it and why
    // its columns are unknown, else that no source in scope has it.
    std::string unresolved_reason(const std::vector<std::string_view>& parts, const Scope& scope) const;
    // The ARRAY JOIN of a Join node (ClickHouse): one Function source per joined array.
    void array_join(NodeId clause, Scope& scope, const CteEnv* env);
    Resolved resolve_in(const std::vector<std::string_view>& parts, const Scope& scope, bool& stop) const;
    Resolved from_source(const Source& src, std::string_view column) const;
    Has has_column(const Source& src, std::string_view column) const;
    std::string output_name(NodeId e) const;
    ColumnInfo item_column(NodeId item, const Scope& scope, const CteEnv* env);
    void add_filter(const std::vector<ColumnOrigin>& from);

    const Ast& m_ast;
    Dialect m_dialect;
    const SchemaLookup& m_lookup;
    QueryLineage m_result;
    std::deque<std::optional<std::vector<std::string>>> m_schemas; // deque: stable addresses
    std::vector<bool> m_schema_loaded;
    std::vector<std::uint32_t> m_first_offset; // earliest reference of each relation in the source
    std::deque<CteEntry> m_entries;
    std::deque<CteEnv> m_envs;
    // ClickHouse `WITH <expr> AS name`: names that stand for an expression.
    std::vector<std::pair<std::string_view, NodeId>> m_named_exprs;
    std::vector<std::string_view> m_lambda_params; // bound while walking a lambda's body
    int m_depth = 0;
};

inline constexpr int k_max_walk_depth = 4000;

// A CTE written without RECURSIVE that is recursive all the same, as Snowflake allows: its body
// is a set operation whose first branch does not read the CTE's name and a later one does.
bool implicitly_recursive(const Ast& ast, NodeId cte);

bool iequal(std::string_view a, std::string_view b);
bool is_aggregate_function(std::string_view name);
// The output columns of a table function whose columns are fixed by the dialect (Snowflake's
// FLATTEN: SEQ, KEY, PATH, INDEX, VALUE, THIS); nullptr for any other function.
const std::vector<std::string>* table_function_columns(std::string_view name, Dialect dialect);
Derivation stronger(Derivation a, Derivation b);
void merge_origins(std::vector<ColumnOrigin>& into, const std::vector<ColumnOrigin>& from);

} // namespace dpipe::sql::detail
