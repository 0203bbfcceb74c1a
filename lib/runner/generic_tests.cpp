#include "runner/generic_tests.hpp"

#include "util/strings.hpp"

namespace dpipe::runner {

namespace {

std::string sql_literal(const core::Json& v) {
    if (v.is_string()) {
        return "'" + util::replace_all(v.get<std::string>(), "'", "''") + "'";
    }
    if (v.is_boolean()) {
        return v.get<bool>() ? "TRUE" : "FALSE";
    }
    if (v.is_null()) {
        return "NULL";
    }
    return v.dump();
}

std::string arg_string(const core::TestSpec& spec, const char* key) {
    auto it = spec.args.find(key);
    return it != spec.args.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string config_string(const core::TestSpec& spec, const char* key, std::string fallback) {
    auto it = spec.config.find(key);
    if (it == spec.config.end()) {
        return fallback;
    }
    return it->is_string() ? it->get<std::string>() : it->dump();
}

// The relation restricted by config.where, as dbt does it.
std::string filtered(const std::string& relation, const core::TestSpec& spec) {
    std::string where = config_string(spec, "where", "");
    if (where.empty()) {
        return relation;
    }
    return "(select * from " + relation + " where " + where + ") dbt_subquery";
}

} // namespace

bool threshold_met(const std::string& condition, std::size_t failures) {
    std::string_view c = util::trim(condition);
    std::string op;
    while (!c.empty() && (c.front() == '!' || c.front() == '=' || c.front() == '<' ||
                          c.front() == '>')) {
        op += c.front();
        c.remove_prefix(1);
    }
    long long n = 0;
    try {
        n = std::stoll(std::string(util::trim(c)));
    } catch (...) {
        return failures != 0;
    }
    auto f = static_cast<long long>(failures);
    if (op == "!=" || op == "<>") {
        return f != n;
    }
    if (op == "=" || op == "==") {
        return f == n;
    }
    if (op == ">") {
        return f > n;
    }
    if (op == ">=") {
        return f >= n;
    }
    if (op == "<") {
        return f < n;
    }
    if (op == "<=") {
        return f <= n;
    }
    return f != 0;
}

bool is_builtin_test(const std::string& name) {
    std::string_view n = name;
    if (n.rfind("dbt.", 0) == 0) {
        n.remove_prefix(4);
    }
    return n == "not_null" || n == "unique" || n == "accepted_values" || n == "relationships";
}

CompiledTest test_settings(const core::TestSpec& spec) {
    CompiledTest out;
    out.severity = util::to_lower(config_string(spec, "severity", "error"));
    out.warn_if = config_string(spec, "warn_if", "!=0");
    out.error_if = config_string(spec, "error_if", "!=0");
    auto limit = spec.config.find("limit");
    if (limit != spec.config.end() && limit->is_number_integer()) {
        out.limit = limit->get<long long>();
    }
    return out;
}

util::Result<CompiledTest, std::string> compile_generic_test(const core::TestSpec& spec,
                                                             const TestCompileContext& ctx) {
    std::string name = spec.name;
    if (name.rfind("dbt.", 0) == 0) {
        name = name.substr(4);
    }
    CompiledTest out = test_settings(spec);
    std::string column = spec.column.empty() ? arg_string(spec, "column_name") : spec.column;
    std::string rel = filtered(ctx.relation, spec);
    auto needs_column = [&]() -> bool { return !column.empty(); };
    if (name == "not_null") {
        if (!needs_column()) {
            return util::unexpected(std::string("not_null needs a column"));
        }
        out.sql = "select * from " + rel + " where " + ctx.quote(column) + " is null";
    } else if (name == "unique") {
        if (!needs_column()) {
            return util::unexpected(std::string("unique needs a column"));
        }
        std::string c = ctx.quote(column);
        out.sql = "select " + c + " as unique_field, count(*) as n_records from " + rel + " where " +
                  c + " is not null group by " + c + " having count(*) > 1";
    } else if (name == "accepted_values") {
        auto values = spec.args.find("values");
        if (!needs_column() || values == spec.args.end() || !values->is_array()) {
            return util::unexpected(std::string("accepted_values needs a column and a list of values"));
        }
        bool quote_values = true;
        auto q = spec.args.find("quote");
        if (q != spec.args.end() && q->is_boolean()) {
            quote_values = q->get<bool>();
        }
        std::vector<std::string> lits;
        for (const auto& v : *values) {
            lits.push_back(quote_values || !v.is_string() ? sql_literal(v) : v.get<std::string>());
        }
        std::string c = ctx.quote(column);
        out.sql = "select " + c + " as value_field, count(*) as n_records from " + rel +
                  " group by " + c + " having " + c + " not in (" + util::join(lits, ", ") + ")";
    } else if (name == "relationships") {
        std::string to = arg_string(spec, "to");
        std::string field = arg_string(spec, "field");
        if (!needs_column() || to.empty() || field.empty()) {
            return util::unexpected(std::string("relationships needs a column, 'to' and 'field'"));
        }
        std::string parent = ctx.resolve(to);
        if (parent.empty()) {
            return util::unexpected("relationships: cannot resolve '" + to + "'");
        }
        std::string c = ctx.quote(column);
        std::string f = ctx.quote(field);
        out.sql = "select child." + c + " as from_field from " + rel + " child left join " + parent +
                  " parent on child." + c + " = parent." + f + " where child." + c +
                  " is not null and parent." + f + " is null";
    } else {
        return util::unexpected("generic test '" + spec.name +
                                "' is not one of dpipe's built-in tests (unique, not_null, "
                                "accepted_values, relationships)");
    }
    return out;
}

} // namespace dpipe::runner
