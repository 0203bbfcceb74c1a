// dbt unit tests: the model's SQL runs against given rows instead of its real inputs, and
// its output must equal the expected rows (as a multiset, on the columns the test names).

#include "runner/steps.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>

namespace dpipe::runner {

namespace {

bool looks_numeric(std::string_view s) {
    if (s.empty()) {
        return false;
    }
    char* end = nullptr;
    std::string tmp(s);
    std::strtod(tmp.c_str(), &end);
    return end == tmp.c_str() + tmp.size();
}

std::string literal(const core::Json& v) {
    if (v.is_null()) {
        return "NULL";
    }
    if (v.is_boolean()) {
        return v.get<bool>() ? "TRUE" : "FALSE";
    }
    if (v.is_number()) {
        return v.dump();
    }
    std::string s = v.is_string() ? v.get<std::string>() : v.dump();
    return "'" + util::replace_all(s, "'", "''") + "'";
}

// Rows of a given/expect block as objects, whatever format they were written in.
core::Json rows_of(const core::UnitTestInput& in) {
    if (in.format != "csv") {
        return in.rows.is_array() ? in.rows : core::Json::array();
    }
    core::Json out = core::Json::array();
    std::string text = in.rows.is_string() ? in.rows.get<std::string>() : std::string();
    auto lines = util::split(text, '\n');
    std::vector<std::string> header;
    for (auto line : lines) {
        line = util::trim(line);
        if (line.empty()) {
            continue;
        }
        std::vector<std::string> cells;
        for (auto c : util::split(line, ',')) {
            cells.emplace_back(util::trim(c));
        }
        if (header.empty()) {
            header = cells;
            continue;
        }
        core::Json row = core::Json::object();
        for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) {
            const auto& c = cells[i];
            if (c.empty() || c == "null") {
                row[header[i]] = nullptr;
            } else if (looks_numeric(c)) {
                row[header[i]] = core::Json::parse(c, nullptr, false);
            } else {
                row[header[i]] = c;
            }
        }
        out.push_back(row);
    }
    return out;
}

std::string select_rows(const core::Json& rows, const std::function<std::string(std::string_view)>& q) {
    std::vector<std::string> cols;
    for (const auto& r : rows) {
        for (const auto& [k, v] : r.items()) {
            if (std::find(cols.begin(), cols.end(), k) == cols.end()) {
                cols.push_back(k);
            }
        }
    }
    std::vector<std::string> selects;
    for (const auto& r : rows) {
        std::vector<std::string> items;
        for (const auto& c : cols) {
            auto it = r.find(c);
            items.push_back((it == r.end() ? std::string("NULL") : literal(*it)) + " as " + q(c));
        }
        selects.push_back("select " + util::join(items, ", "));
    }
    return util::join(selects, "\nunion all\n");
}

// A value's comparable form: numbers by value, everything else as text.
std::string normal(const std::optional<std::string>& v) {
    if (!v) {
        return "NULL";
    }
    if (looks_numeric(*v)) {
        double d = std::strtod(v->c_str(), nullptr);
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.9g", d);
        return buf;
    }
    if (*v == "t" || *v == "true") {
        return "1";
    }
    if (*v == "f" || *v == "false") {
        return "0";
    }
    return *v;
}

std::string normal_json(const core::Json& v) {
    if (v.is_null()) {
        return "NULL";
    }
    if (v.is_boolean()) {
        return v.get<bool>() ? "1" : "0";
    }
    return normal(v.is_string() ? v.get<std::string>() : v.dump());
}

} // namespace

void run_unit_test(const StepContext& ctx, const core::UnitTest& test, StepResult& result) {
    const core::Model* model = ctx.cp.project.find_model(test.model);
    if (model == nullptr) {
        result.status = Status::Error;
        result.message = "unit test names unknown model '" + test.model + "'";
        return;
    }
    auto quote = [&](std::string_view id) { return ctx.conn.quote_ident(id); };
    std::string sql = model->rendered.sql;
    std::string schema = "dpipe_unit";
    ctx.conn.ensure_schema(schema);
    std::string prefix = "ut_" + std::to_string(std::hash<std::string>{}(test.model + "." + test.name) % 1000000) + "_";
    for (std::size_t i = 0; i < test.given.size(); ++i) {
        const auto& g = test.given[i];
        std::string relation = ctx.cp.relations.resolve_call_text(g.input);
        if (relation.empty()) {
            result.status = Status::Error;
            result.message = "given input '" + g.input + "' is not a known ref or source";
            return;
        }
        std::string table = quote(schema) + "." + quote(prefix + std::to_string(i));
        std::string body;
        if (g.format == "sql") {
            body = g.rows.is_string() ? g.rows.get<std::string>() : std::string();
        } else {
            core::Json rows = rows_of(g);
            if (rows.empty()) {
                // No rows: keep the input's columns by selecting none of its rows.
                body = "select * from " + relation + " where 1 = 0";
            } else {
                body = select_rows(rows, quote);
            }
        }
        try {
            ctx.conn.execute("drop table if exists " + table);
            ctx.conn.execute("create table " + table + " as\n" + body);
        } catch (const engine::SqlError& e) {
            result.status = Status::Error;
            result.message = "given " + g.input + ": " + e.db_message();
            return;
        }
        sql = util::replace_all(sql, relation, table);
    }
    sql = inline_ephemerals(ctx.cp, sql);
    result.sql = sql;
    engine::QueryResult actual;
    try {
        actual = ctx.conn.query("select * from (\n" + sql + "\n) dbt_unit_actual", 100000);
    } catch (const engine::SqlError& e) {
        result.status = Status::Error;
        result.message = e.db_message();
        return;
    }
    core::Json expected = rows_of(test.expect);
    std::vector<std::string> cols;
    for (const auto& r : expected) {
        for (const auto& [k, v] : r.items()) {
            if (std::find(cols.begin(), cols.end(), k) == cols.end()) {
                cols.push_back(k);
            }
        }
    }
    std::vector<int> index;
    for (const auto& c : cols) {
        auto it = std::find_if(actual.columns.begin(), actual.columns.end(),
                               [&](const std::string& a) { return util::iequals(a, c); });
        if (it == actual.columns.end()) {
            result.status = Status::Fail;
            result.message = "expected column '" + c + "' is not in the model's output";
            return;
        }
        index.push_back(static_cast<int>(it - actual.columns.begin()));
    }
    std::map<std::string, int> balance; // +1 per expected row, -1 per actual row
    for (const auto& r : expected) {
        std::string key;
        for (const auto& c : cols) {
            auto it = r.find(c);
            key += (it == r.end() ? std::string("NULL") : normal_json(*it)) + "\x1f";
        }
        ++balance[key];
    }
    for (const auto& row : actual.rows) {
        std::string key;
        for (int i : index) {
            key += normal(row[static_cast<std::size_t>(i)]) + "\x1f";
        }
        --balance[key];
    }
    std::vector<std::string> missing, extra;
    for (const auto& [key, n] : balance) {
        std::string shown = util::replace_all(key.substr(0, key.size() - 1), "\x1f", ", ");
        for (int k = 0; k < n; ++k) {
            missing.push_back("(" + shown + ")");
        }
        for (int k = 0; k < -n; ++k) {
            extra.push_back("(" + shown + ")");
        }
    }
    result.sample_columns = cols;
    if (missing.empty() && extra.empty()) {
        result.status = Status::Pass;
        return;
    }
    result.status = Status::Fail;
    result.failures = missing.size() + extra.size();
    std::string msg = "actual rows differ from expected on (" + util::join(cols, ", ") + ")";
    if (!missing.empty()) {
        msg += "; missing: " + util::join(missing, " ");
    }
    if (!extra.empty()) {
        msg += "; unexpected: " + util::join(extra, " ");
    }
    result.message = msg;
}

} // namespace dpipe::runner
