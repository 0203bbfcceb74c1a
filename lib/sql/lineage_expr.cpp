// Lineage of expressions: which columns they read, resolved through the FROM scopes.
#include "sql/lineage_impl.hpp"

#include <algorithm>

namespace dpipe::sql::detail {

bool iequal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i];
        char y = b[i];
        if (x >= 'A' && x <= 'Z') {
            x = static_cast<char>(x - 'A' + 'a');
        }
        if (y >= 'A' && y <= 'Z') {
            y = static_cast<char>(y - 'A' + 'a');
        }
        if (x != y) {
            return false;
        }
    }
    return true;
}

bool is_aggregate_function(std::string_view name) {
    static constexpr std::string_view k_aggregates[] = {
        "sum", "count", "avg", "min", "max", "array_agg", "string_agg", "listagg", "group_concat",
        "count_if", "countif", "any_value", "arbitrary", "bool_and", "bool_or", "every", "bit_and",
        "bit_or", "bit_xor", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp",
        "median", "mode", "percentile_cont", "percentile_disc", "approx_count_distinct",
        "approx_distinct", "approx_percentile", "approx_quantiles", "approx_top_count", "json_agg",
        "jsonb_agg", "json_object_agg", "jsonb_object_agg", "object_agg", "array_union_agg",
        "array_unique_agg", "logical_and", "logical_or", "corr", "covar_pop", "covar_samp",
        "regr_slope", "regr_intercept", "regr_count", "regr_r2", "regr_avgx", "regr_avgy",
        "product", "kurtosis", "skewness", "list", "histogram", "arg_max", "arg_min", "max_by",
        "min_by", "xmlagg", "hll_count", "first", "last", "string_agg_distinct", "sum_distinct",
        "avg_distinct", "fsum", "favg", "entropy", "boolor_agg", "booland_agg", "hash_agg",
        "bitand_agg", "bitor_agg", "bitxor_agg", "minhash", "approx_top_k",
    };
    for (std::string_view a : k_aggregates) {
        if (iequal(a, name)) {
            return true;
        }
    }
    return false;
}

const std::vector<std::string>* table_function_columns(std::string_view name, Dialect dialect) {
    if (dialect != Dialect::Snowflake) {
        return nullptr;
    }
    static const std::vector<std::string> k_flatten = {"SEQ", "KEY", "PATH", "INDEX", "VALUE", "THIS"};
    static const std::vector<std::string> k_split = {"SEQ", "INDEX", "VALUE"};
    static const std::vector<std::string> k_none;
    if (iequal(name, "flatten")) {
        return &k_flatten;
    }
    if (iequal(name, "split_to_table") || iequal(name, "strtok_split_to_table")) {
        return &k_split;
    }
    if (iequal(name, "generator")) {
        return &k_none; // rows only: its columns are the select list's (seq4(), uniform(), ...)
    }
    return nullptr;
}

namespace {

// Date/time functions whose unit argument is written as a bare word: DATE_TRUNC(ts, MONTH)
// (bigquery), DATEADD(day, 1, ts) (snowflake). That word is not a column.
bool is_date_function(std::string_view name) {
    static constexpr std::string_view k_functions[] = {
        "date_trunc", "datetime_trunc", "timestamp_trunc", "time_trunc", "date_diff", "datetime_diff",
        "timestamp_diff", "time_diff", "date_add", "date_sub", "datetime_add", "datetime_sub",
        "timestamp_add", "timestamp_sub", "time_add", "time_sub", "dateadd", "datediff", "timeadd",
        "timediff", "timestampadd", "timestampdiff", "date_part", "datepart", "last_day", "time_slice",
        "date_bucket",
    };
    for (std::string_view f : k_functions) {
        if (iequal(f, name)) {
            return true;
        }
    }
    return false;
}

// Unit words (not "date"/"time", which are common column names).
bool is_date_part(std::string_view word) {
    static constexpr std::string_view k_parts[] = {
        "year", "years", "yy", "yyyy", "quarter", "quarters", "qtr", "month", "months", "mm", "mon",
        "week", "weeks", "wk", "isoweek", "day", "days", "dd", "dayofweek", "dow", "dayofyear", "doy",
        "hour", "hours", "hh", "minute", "minutes", "mi", "second", "seconds", "ss", "millisecond",
        "milliseconds", "ms", "microsecond", "microseconds", "us", "nanosecond", "ns", "epoch",
        "isoyear", "weekday",
    };
    for (std::string_view p : k_parts) {
        if (iequal(p, word)) {
            return true;
        }
    }
    return false;
}

} // namespace

Derivation stronger(Derivation a, Derivation b) {
    return static_cast<int>(a) >= static_cast<int>(b) ? a : b;
}

void merge_origins(std::vector<ColumnOrigin>& into, const std::vector<ColumnOrigin>& from) {
    for (const ColumnOrigin& o : from) {
        bool dup = std::any_of(into.begin(), into.end(), [&](const ColumnOrigin& x) {
            return x.relation == o.relation && iequal(x.column, o.column);
        });
        if (!dup) {
            into.push_back(o);
        }
    }
}

void Analyzer::add_filter(const std::vector<ColumnOrigin>& from) {
    merge_origins(m_result.filter_columns, from);
}

ExprInfo Analyzer::expr(NodeId e, const Scope& scope, const CteEnv* env, bool filter) {
    ExprInfo info;
    info.bare = m_ast.node(e).kind == NodeKind::ColumnRef;
    walk(e, scope, env, filter, info);
    if (filter) {
        add_filter(info.from);
    }
    return info;
}

void Analyzer::window(NodeId over, const Scope& scope, const CteEnv* env) {
    for (NodeId c : m_ast.children(over)) {
        NodeKind k = m_ast.node(c).kind;
        if (k == NodeKind::PartitionBy || k == NodeKind::OrderBy) {
            expr(c, scope, env, true);
        }
    }
}

void Analyzer::walk(NodeId e, const Scope& scope, const CteEnv* env, bool filter, ExprInfo& info) {
    if (m_depth > k_max_walk_depth) {
        info.unresolved = true;
        return;
    }
    struct Count {
        int& d;
        ~Count() { --d; }
    } count{++m_depth};
    const Node& n = m_ast.node(e);
    switch (n.kind) {
    case NodeKind::ColumnRef: {
        if (!m_lambda_params.empty()) {
            std::string_view first = m_ast.node(m_ast.children(e)[0]).text;
            if (std::any_of(m_lambda_params.begin(), m_lambda_params.end(),
                            [&](std::string_view p) { return iequal(p, first); })) {
                info.inner = stronger(info.inner, Derivation::Transform);
                return; // a lambda parameter: what it reads is the array argument's
            }
        }
        if (n.child_count == 1 && !m_named_exprs.empty()) {
            std::string_view name = m_ast.node(m_ast.children(e)[0]).text;
            for (const auto& [named, body] : m_named_exprs) {
                if (iequal(named, name) && body != e) {
                    walk(body, scope, env, filter, info);
                    info.inner = stronger(info.inner, Derivation::Transform);
                    return;
                }
            }
        }
        Resolved r = resolve(e, scope);
        if (!r.reason.empty()) {
            info.unresolved = true;
            note_reason(info.reason, r.reason);
        }
        if (!r.found) {
            info.unresolved = true;
            if (info.reason.empty()) {
                std::vector<std::string_view> parts;
                for (NodeId c : m_ast.children(e)) {
                    parts.push_back(m_ast.node(c).text);
                }
                info.reason = r.ambiguous ? "ambiguous: more than one relation in scope has it"
                                          : unresolved_reason(parts, scope);
            }
            return;
        }
        merge_origins(info.from, r.from);
        info.inner = stronger(info.inner, r.how);
        if (filter) {
            add_filter(r.from);
        }
        return;
    }
    case NodeKind::Ident:
    case NodeKind::Literal:
    case NodeKind::Param:
    case NodeKind::Type:
    case NodeKind::Frame:
    case NodeKind::Opaque: return;
    case NodeKind::FuncCall: {
        std::string_view name;
        bool windowed = false;
        for (NodeId c : m_ast.children(e)) {
            const Node& k = m_ast.node(c);
            if (k.kind == NodeKind::Ident) {
                name = k.text;
            } else if (k.kind == NodeKind::Over) {
                windowed = true;
            }
        }
        if (!windowed && is_aggregate_function(name) && !n.has(k_flag_no_parens)) {
            info.aggregate = true;
        }
        bool date_fn = is_date_function(name);
        for (NodeId c : m_ast.children(e)) {
            const Node& k = m_ast.node(c);
            if (date_fn && k.kind == NodeKind::ColumnRef && k.child_count == 1 &&
                is_date_part(m_ast.node(m_ast.children(c)[0]).text)) {
                continue;
            }
            if (k.kind == NodeKind::BinaryOp && k.text == "->" && lambda(c, scope, env, filter, info)) {
                continue;
            }
            if (k.kind == NodeKind::Over) {
                window(c, scope, env);
            } else if (k.kind == NodeKind::Filter) {
                expr(c, scope, env, true);
            } else if (k.kind != NodeKind::Ident) {
                walk(c, scope, env, filter, info);
            }
        }
        return;
    }
    case NodeKind::Query: {
        Shape s = query(e, &scope, env);
        for (const ColumnInfo& c : s.columns) {
            merge_origins(info.from, c.from);
            info.inner = stronger(info.inner, c.how);
            info.unresolved = info.unresolved || c.unresolved;
            note_reason(info.reason, c.reason);
        }
        if (!s.complete) {
            m_result.star_unresolved = true;
        }
        return;
    }
    default:
        for (NodeId c : m_ast.children(e)) {
            walk(c, scope, env, filter, info);
        }
        return;
    }
}

bool Analyzer::lambda(NodeId e, const Scope& scope, const CteEnv* env, bool filter, ExprInfo& info) {
    // `x -> body` or `(x, y) -> body` as a function argument; in PostgreSQL `->` is the JSON
    // operator, and `col -> 'key'` is JSON everywhere.
    auto c = m_ast.children(e);
    if (c.size() != 2 || m_dialect == Dialect::Postgres || m_dialect == Dialect::Redshift ||
        m_ast.node(c[1]).kind == NodeKind::Literal) {
        return false;
    }
    std::vector<std::string_view> params;
    auto param = [&](NodeId p) {
        const Node& pn = m_ast.node(p);
        if (pn.kind != NodeKind::ColumnRef || pn.child_count != 1) {
            return false;
        }
        params.push_back(m_ast.node(m_ast.children(p)[0]).text);
        return true;
    };
    const Node& left = m_ast.node(c[0]);
    if (left.kind == NodeKind::Row || left.kind == NodeKind::Paren) {
        for (NodeId p : m_ast.children(c[0])) {
            if (!param(p)) {
                return false;
            }
        }
    } else if (!param(c[0])) {
        return false;
    }
    std::size_t before = m_lambda_params.size();
    m_lambda_params.insert(m_lambda_params.end(), params.begin(), params.end());
    walk(c[1], scope, env, filter, info);
    m_lambda_params.resize(before);
    info.inner = stronger(info.inner, Derivation::Transform);
    return true;
}

Has Analyzer::has_column(const Source& src, std::string_view column) const {
    auto in = [&](const auto& names) {
        return std::any_of(names.begin(), names.end(), [&](const auto& x) { return iequal(x, column); });
    };
    switch (src.kind) {
    case Source::Kind::Physical:
        if (in(src.renamed)) {
            return Has::Yes;
        }
        if (!src.columns) {
            return Has::Maybe;
        }
        for (std::size_t i = src.renamed.size(); i < src.columns->size(); ++i) {
            if (iequal((*src.columns)[i], column)) {
                return Has::Yes;
            }
        }
        return Has::No;
    case Source::Kind::Derived:
        for (const ColumnInfo& c : src.shape.columns) {
            if (iequal(c.name, column)) {
                return Has::Yes;
            }
        }
        return src.shape.complete ? Has::No : Has::Maybe;
    case Source::Kind::Function:
        if (!src.renamed.empty()) {
            return in(src.renamed) ? Has::Yes : Has::No;
        }
        if (src.fixed_columns) {
            return in(*src.fixed_columns) ? Has::Yes : Has::No;
        }
        return iequal(src.alias, column) ? Has::Yes : Has::Maybe;
    case Source::Kind::Unknown: return Has::Maybe;
    }
    return Has::Maybe;
}

Resolved Analyzer::from_source(const Source& src, std::string_view column) const {
    Resolved r;
    switch (src.kind) {
    case Source::Kind::Physical: {
        for (std::size_t i = 0; i < src.renamed.size(); ++i) {
            if (iequal(src.renamed[i], column)) {
                if (src.columns && i < src.columns->size()) {
                    r.found = true;
                    r.from.push_back(ColumnOrigin{src.relation, (*src.columns)[i]});
                    r.how = Derivation::Rename;
                }
                return r;
            }
        }
        if (src.columns) {
            for (std::size_t i = src.renamed.size(); i < src.columns->size(); ++i) {
                if (iequal((*src.columns)[i], column)) {
                    r.found = true;
                    r.from.push_back(ColumnOrigin{src.relation, (*src.columns)[i]});
                    return r;
                }
            }
            // Named with this relation (or it is the only one in scope): the column is the
            // relation's even though the columns known for it (often a source's declared
            // columns, which dbt does not require to be complete) do not list it.
        }
        r.found = true;
        r.from.push_back(ColumnOrigin{src.relation, std::string(column)});
        return r;
    }
    case Source::Kind::Derived:
        for (const ColumnInfo& c : src.shape.columns) {
            if (iequal(c.name, column)) {
                r.found = !c.unresolved || !c.from.empty();
                r.from = c.from;
                r.how = c.how;
                r.reason = c.reason;
                return r;
            }
        }
        if (src.shape.passthrough &&
            std::none_of(src.shape.passthrough_excluded.begin(), src.shape.passthrough_excluded.end(),
                         [&](const std::string& x) { return iequal(x, column); })) {
            r.found = true;
            r.from.push_back(ColumnOrigin{*src.shape.passthrough, std::string(column)});
        }
        return r;
    case Source::Kind::Function:
        r.found = true;
        r.from = src.func_origins;
        r.how = Derivation::Transform;
        return r;
    case Source::Kind::Unknown: return r;
    }
    return r;
}

Resolved Analyzer::resolve_in(const std::vector<std::string_view>& parts, const Scope& scope, bool& stop) const {
    Resolved none;
    std::size_t n = parts.size();
    for (std::size_t k = n - 1; k >= 1; --k) {
        const Source* match = nullptr;
        int matches = 0;
        for (const Source& src : scope.sources) {
            bool by_alias = k == 1 && iequal(src.alias, parts[0]);
            bool by_name = src.parts.size() >= k &&
                           std::equal(parts.begin(), parts.begin() + static_cast<std::ptrdiff_t>(k),
                                      src.parts.end() - static_cast<std::ptrdiff_t>(k),
                                      [](std::string_view a, std::string_view b) { return iequal(a, b); });
            if (by_alias || by_name) {
                match = &src;
                ++matches;
            }
        }
        if (matches > 1) {
            stop = true;
            none.ambiguous = true;
            return none;
        }
        if (matches == 1) {
            stop = true;
            return from_source(*match, parts[k]);
        }
    }
    // parts[0] names a column (the rest are struct fields), or the only candidate source.
    std::vector<const Source*> yes;
    std::vector<const Source*> maybe;
    for (const Source& src : scope.sources) {
        Has h = has_column(src, parts[0]);
        if (h == Has::Yes) {
            yes.push_back(&src);
        } else if (h == Has::Maybe) {
            maybe.push_back(&src);
        }
    }
    if (yes.size() == 1) {
        stop = true;
        return from_source(*yes[0], parts[0]);
    }
    if (yes.size() > 1) {
        // An ARRAY JOIN element shadows the array column it comes from.
        // So does an UNNEST aliased like the array it unnests (`cross join unnest(line) as line`).
        auto joined = std::find_if(yes.begin(), yes.end(), [&](const Source* s) {
            return s->array_join || (s->kind == Source::Kind::Function && iequal(s->alias, parts[0]));
        });
        stop = true;
        if (joined != yes.end()) {
            return from_source(**joined, parts[0]);
        }
        // A column joined with USING is one column: it reads every side's.
        std::size_t unjoined = std::count_if(yes.begin(), yes.end(), [&](const Source* s) {
            return std::none_of(s->using_columns.begin(), s->using_columns.end(),
                                [&](std::string_view u) { return iequal(u, parts[0]); });
        });
        if (unjoined <= 1 && n == 1) {
            Resolved merged;
            for (const Source* s : yes) {
                Resolved r = from_source(*s, parts[0]);
                merged.found = merged.found || r.found;
                merge_origins(merged.from, r.from);
                merged.how = stronger(merged.how, r.how);
                note_reason(merged.reason, r.reason);
            }
            return merged;
        }
        none.ambiguous = true;
        return none;
    }
    if (maybe.size() == 1 && n == 1) {
        stop = true;
        return from_source(*maybe[0], parts[0]);
    }
    if (maybe.size() > 1) {
        stop = true;
    }
    return none;
}

Resolved Analyzer::resolve(NodeId column_ref, const Scope& scope) const {
    std::vector<std::string_view> parts;
    for (NodeId c : m_ast.children(column_ref)) {
        parts.push_back(m_ast.node(c).text);
    }
    if (parts.empty()) {
        return {};
    }
    if (std::string reason = unavailable_macro_reason(parts.back()); !reason.empty()) {
        Resolved r;
        r.reason = std::move(reason);
        return r;
    }
    for (const Scope* s = &scope; s; s = s->parent) {
        bool stop = false;
        Resolved r = resolve_in(parts, *s, stop);
        if (r.found || stop) {
            return r;
        }
        // An output column name used in WHERE/GROUP BY/HAVING/QUALIFY of the same SELECT.
        if (parts.size() == 1 && s->select_items) {
            for (const ColumnInfo& c : *s->select_items) {
                if (iequal(c.name, parts[0])) {
                    Resolved a;
                    a.found = !c.unresolved;
                    a.from = c.from;
                    a.how = c.how;
                    a.reason = c.reason;
                    return a;
                }
            }
        }
    }
    // Nowhere known: when the innermost scope reads exactly one table, the column is that
    // table's (the SQL could not name anything else), even if the columns known for it do not
    // list it.
    // So when the other sources of that scope are sure not to have it (a table function with
    // fixed columns, a subquery whose columns are all known): `from t, lateral flatten(...)`.
    const Source* only = nullptr;
    std::size_t candidates = 0;
    for (const Source& src : scope.sources) {
        bool surely_not = (src.kind == Source::Kind::Function || src.kind == Source::Kind::Derived) &&
                          has_column(src, parts.back()) == Has::No;
        if (!surely_not) {
            only = &src;
            ++candidates;
        }
    }
    std::size_t max_parts = scope.sources.size() == 1 ? 2 : 1;
    if (candidates == 1 && only->kind == Source::Kind::Physical && parts.size() <= max_parts) {
        return from_source(*only, parts.back());
    }
    return {};
}

std::string Analyzer::unresolved_reason(const std::vector<std::string_view>& parts, const Scope& scope) const {
    std::string_view column = parts.empty() ? std::string_view{} : parts[0];
    for (const Scope* s = &scope; s; s = s->parent) {
        for (const Source& src : s->sources) {
            if (parts.size() > 1 && !iequal(src.alias, parts[0])) {
                continue;
            }
            if (parts.size() > 1) {
                column = parts[1];
            }
            if (has_column(src, column) != Has::Maybe) {
                continue;
            }
            switch (src.kind) {
            case Source::Kind::Derived:
                if (!src.shape.reason.empty()) {
                    return src.shape.reason;
                }
                return "select * over a relation whose columns are unknown";
            case Source::Kind::Unknown:
                return src.reason.empty() ? "unsupported construct in FROM" : src.reason;
            case Source::Kind::Physical:
                if (std::string macro = src.parts.empty() ? std::string() : unavailable_macro_reason(src.parts.back());
                    !macro.empty()) {
                    return macro;
                }
                return "upstream columns unknown (several relations in scope may have it)";
            case Source::Kind::Function:
                return "table function output columns unknown (several relations in scope may have it)";
            }
        }
    }
    return "no relation in scope has this column (unsupported construct or a column missing upstream)";
}

std::string Analyzer::output_name(NodeId e) const {
    const Node& n = m_ast.node(e);
    auto c = m_ast.children(e);
    switch (n.kind) {
    case NodeKind::ColumnRef:
    case NodeKind::FuncCall: {
        std::string_view last;
        for (NodeId k : c) {
            if (m_ast.node(k).kind == NodeKind::Ident) {
                last = m_ast.node(k).text;
            }
        }
        return std::string(last);
    }
    case NodeKind::Cast:
    case NodeKind::Paren:
    case NodeKind::Collate:
    case NodeKind::AtTimeZone: return c.empty() ? "?column?" : output_name(c[0]);
    case NodeKind::FieldAccess: return c.size() < 2 ? "?column?" : std::string(m_ast.node(c[1]).text);
    case NodeKind::JsonPath: {
        if (c.size() < 2) {
            return "?column?";
        }
        std::string_view path = m_ast.node(c[1]).text;
        std::size_t cut = path.find_last_of(".:");
        return std::string(cut == std::string_view::npos ? path : path.substr(cut + 1));
    }
    case NodeKind::Case: return "case";
    default: return "?column?";
    }
}

} // namespace dpipe::sql::detail
