// Differential test against PostgreSQL's own parser (libpg_query).
//
// For every tests/sql/corpus/postgres/*.sql: (a) when PostgreSQL accepts the text, dpipe must
// parse it without any diagnostic; (b) the set of physical tables dpipe's lineage reports must
// equal the RangeVars of PostgreSQL's parse tree minus CTE names. Exit 0 when all agree.
//
// Usage: sql_pg_diff <corpus-dir>

#include "sql/lineage.hpp"
#include "sql/parser.hpp"
#include "util/files.hpp"

#include <nlohmann/json.hpp>
#include <pg_query.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>
#include <string>

namespace {

using Json = nlohmann::json;

void collect(const Json& j, std::set<std::string>& tables, std::set<std::string>& ctes) {
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it) {
            if (it.key() == "RangeVar" && it.value().is_object()) {
                const Json& rv = it.value();
                std::string name;
                for (const char* part : {"catalogname", "schemaname", "relname"}) {
                    if (rv.contains(part) && rv[part].is_string()) {
                        name += (name.empty() ? "" : ".") + rv[part].get<std::string>();
                    }
                }
                tables.insert(name);
            } else if (it.key() == "CommonTableExpr" && it.value().is_object() && it.value().contains("ctename")) {
                ctes.insert(it.value()["ctename"].get<std::string>());
            }
            collect(it.value(), tables, ctes);
        }
    } else if (j.is_array()) {
        for (const Json& x : j) {
            collect(x, tables, ctes);
        }
    }
}

std::string join(const std::set<std::string>& s) {
    std::string out;
    for (const std::string& x : s) {
        out += (out.empty() ? "" : ", ") + x;
    }
    return "{" + out + "}";
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: sql_pg_diff <corpus-dir>\n";
        return 2;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(argv[1])) {
        if (e.path().extension() == ".sql") {
            files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end());
    int failures = 0;
    int accepted = 0;
    for (const auto& path : files) {
        auto text = dpipe::util::read_file(path.string(), 1 << 20);
        if (!text) {
            std::cerr << path.string() << ": cannot read\n";
            ++failures;
            continue;
        }
        PgQueryParseResult pg = pg_query_parse(text->c_str());
        if (pg.error) {
            std::cerr << path.filename().string() << ": PostgreSQL rejects it (" << pg.error->message
                      << "); every corpus query must be valid\n";
            pg_query_free_parse_result(pg);
            ++failures;
            continue;
        }
        ++accepted;
        std::set<std::string> pg_tables;
        std::set<std::string> ctes;
        collect(Json::parse(pg.parse_tree), pg_tables, ctes);
        pg_query_free_parse_result(pg);
        std::set<std::string> expected;
        for (const std::string& t : pg_tables) {
            if (t.find('.') != std::string::npos || !ctes.count(t)) {
                expected.insert(t);
            }
        }

        dpipe::sql::Script script =
            dpipe::sql::parse(path.filename().string(), *text, dpipe::sql::Dialect::Postgres);
        bool ok = true;
        for (const auto& d : script.diagnostics()) {
            std::cerr << d.headline() << "\n";
            ok = false;
        }
        std::set<std::string> ours;
        for (const auto& st : script.statements()) {
            auto lin = dpipe::sql::lineage(st, dpipe::sql::Dialect::Postgres, {});
            for (const auto& r : lin.relations) {
                ours.insert(r.str());
            }
        }
        if (ours != expected) {
            std::cerr << path.filename().string() << ": tables differ: postgres " << join(expected) << ", dpipe "
                      << join(ours) << "\n";
            ok = false;
        }
        if (!ok) {
            ++failures;
        }
    }
    std::cout << files.size() << " queries, " << accepted << " accepted by PostgreSQL, " << failures
              << " disagreements\n";
    if (files.size() < 80) {
        std::cerr << "the corpus must hold at least 80 queries\n";
        return 1;
    }
    return failures == 0 ? 0 : 1;
}
