#pragma once
// Table- and column-level lineage of a query statement.
//
// Names are as written, unquoted, and case-folded per dialect when they were unquoted. Column
// names are matched case-insensitively. Nothing is guessed: a column that cannot be tied to
// exactly one source is marked unresolved; a `*` that cannot be expanded sets star_unresolved.
//
// Derivation of an output column (from the physical columns it reads, through CTEs and
// subqueries): Copy = a bare column with the same name; Rename = a bare column under another
// name; Transform = any other expression (incl. window functions and literals); Aggregate =
// an aggregate function (sum, count, ...) not used as a window, anywhere along the path.

#include "core/source_loc.hpp"
#include "sql/dialect.hpp"
#include "sql/parser.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::sql {

struct RelationName {
    std::vector<std::string> parts; // e.g. {"analytics", "orders"}
    core::SourceLoc loc;            // first place it is referenced

    // The parts joined with '.'.
    std::string str() const;
};

enum class Derivation { Copy, Rename, Transform, Aggregate };
const char* derivation_name(Derivation d);

struct ColumnOrigin {
    std::size_t relation = 0; // index into QueryLineage::relations
    std::string column;

    bool operator==(const ColumnOrigin&) const = default;
};

struct OutputColumn {
    std::string name;
    Derivation how = Derivation::Copy;
    std::vector<ColumnOrigin> from;
    bool unresolved = false; // some column it reads could not be resolved
    std::string reason;      // why, when known: "macro dbt_utils.star unavailable"
    core::SourceLoc loc;
};

struct QueryLineage {
    std::vector<RelationName> relations;      // physical tables (CTE names resolved away), dedup, first-seen order
    std::vector<OutputColumn> columns;        // the query's output columns in order
    std::vector<ColumnOrigin> filter_columns; // read by WHERE/JOIN ON/USING/GROUP BY/HAVING/QUALIFY/
                                              // window PARTITION BY and ORDER BY/FILTER (dedup)
    bool star_unresolved = false;             // a * could not be expanded
    bool columns_complete = true;             // `columns` lists every output column: no * of the
                                              // outermost query was left unexpanded (one inside a
                                              // CTE or subquery leaves only some lineage unknown)
};

// Columns known for a physical relation (for * expansion and for resolving unqualified names);
// nullopt if unknown.
using SchemaLookup = std::function<std::optional<std::vector<std::string>>(const RelationName&)>;

// Lineage of a query statement; an empty result for other statements. Never throws on any AST.
QueryLineage lineage(const Statement& statement, Dialect dialect, const SchemaLookup& lookup);

// Every table name written in a FROM/JOIN of the statement (including those inside CTEs and
// subqueries), in source order, with whether it names a CTE of the statement.
struct TableReference {
    RelationName name;
    bool is_cte = false;
};
std::vector<TableReference> table_references(const Statement& statement);

// The template engine prints `__dpipe_unavailable__<package>__<macro>` where a macro that could
// not be found was called (template/placeholder.hpp). For such a name (compared without case,
// as dialects fold it) the reason "macro <package>.<macro> unavailable"; "" for any other name.
std::string unavailable_macro_reason(std::string_view name);
// The same reason when the whole of `sql` is one such marker (give or take whitespace, comments
// and a final ';'): a model that is nothing but a call of an unavailable macro, e.g.
// `{{ fivetran_utils.union_data(...) }}`. "" otherwise.
std::string whole_placeholder_reason(std::string_view sql);

} // namespace dpipe::sql
