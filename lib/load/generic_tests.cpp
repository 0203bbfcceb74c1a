// dbt generic tests and columns in property files, in both spellings dbt accepts:
//   - unique
//   - accepted_values: {values: [...], severity: warn}
//   - accepted_values: {arguments: {values: [...]}, config: {where: ..., severity: warn}}
//   - name: my_check            (custom name)
//     test_name: unique

#include "load/load_context.hpp"
#include "load/schema.hpp"
#include "load/sql_blocks.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

namespace dpipe::load {

namespace {

constexpr std::array<std::string_view, 8> k_config_keys = {"where", "severity", "warn_if", "error_if",
                                                           "limit", "tags", "enabled", "name"};

bool is_config_key(std::string_view k) {
    return std::find(k_config_keys.begin(), k_config_keys.end(), k) != k_config_keys.end();
}

void split_body(const core::Json& body, core::TestSpec& t) {
    for (const auto& [k, v] : body.items()) {
        if (k == "arguments" && v.is_object()) {
            merge_json(t.args, v);
        } else if (k == "config" && v.is_object()) {
            merge_json(t.config, v);
        } else if (is_config_key(k)) {
            t.config[k] = v;
        } else if (k != "test_name") {
            t.args[k] = v;
        }
    }
}

} // namespace

std::vector<core::TestSpec> parse_tests(LoadContext& ctx, const Node& entry, const std::string& column) {
    std::vector<core::TestSpec> out;
    for (const char* key : {"data_tests", "tests"}) {
        Node list = entry[key];
        if (!list.is_array()) {
            continue;
        }
        for (std::size_t i = 0; i < list.size(); ++i) {
            Node node = list[i];
            const core::Json& item = node.json();
            core::TestSpec t;
            t.column = column;
            t.loc = node.loc();
            if (item.is_string()) {
                t.name = item.get<std::string>();
            } else if (item.is_object() && item.contains("test_name") && item["test_name"].is_string()) {
                t.name = item["test_name"].get<std::string>();
                split_body(item, t);
            } else if (item.is_object() && item.size() == 1) {
                auto it = item.begin();
                t.name = it.key();
                Node body = node[t.name];
                t.loc = body.key_loc();
                if (it.value().is_object()) {
                    split_body(it.value(), t);
                } else if (!it.value().is_null()) {
                    ctx.error("LD022", body.loc(), "arguments of test '" + t.name + "' must be a mapping");
                    continue;
                }
            } else {
                ctx.error("LD022", node.loc(),
                          "a test is a name ('- unique') or a mapping with one test name "
                          "('- accepted_values: {values: [...]}')");
                continue;
            }
            if (t.name.empty()) {
                ctx.error("LD022", t.loc, "empty test name");
                continue;
            }
            out.push_back(std::move(t));
        }
    }
    return out;
}

namespace {

// A column declared twice: dbt keeps one column per name, the later entry's properties
// replacing the earlier ones; the tests of both entries still apply.
void merge_column(core::Column& first, core::Column&& later) {
    if (!later.data_type.empty()) {
        first.data_type = std::move(later.data_type);
    }
    if (!later.description.empty()) {
        first.description = std::move(later.description);
    }
    for (auto& t : later.tags) {
        if (std::find(first.tags.begin(), first.tags.end(), t) == first.tags.end()) {
            first.tags.push_back(std::move(t));
        }
    }
    if (later.meta.is_object()) {
        if (!first.meta.is_object()) {
            first.meta = core::Json::object();
        }
        merge_json(first.meta, later.meta);
    }
    first.pii = first.pii || later.pii;
}

} // namespace

std::vector<core::Column> parse_columns(LoadContext& ctx, const Node& entry, std::vector<core::TestSpec>& tests) {
    std::vector<core::Column> out;
    Node list = entry["columns"];
    if (!list.is_array()) {
        return out;
    }
    out.reserve(list.size());
    std::unordered_map<std::string, std::size_t> by_name;
    by_name.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
        Node col = list[i];
        if (!col.is_object()) {
            continue; // reported by the schema
        }
        core::Column c;
        if (!get_string(ctx, col["name"], c.name)) {
            continue;
        }
        c.loc = col["name"].loc();
        get_string(ctx, col["data_type"], c.data_type);
        get_string(ctx, col["description"], c.description);
        get_tags(ctx, col["tags"], c.tags);
        if (Node meta = col["meta"]; meta.is_object()) {
            c.meta = meta.json();
        }
        Node config = col["config"];
        if (Node cfg = config["meta"]; cfg.is_object()) {
            merge_json(c.meta, cfg.json());
        }
        get_tags(ctx, config["tags"], c.tags);
        c.pii = (c.meta.contains("pii") && c.meta["pii"].is_boolean() && c.meta["pii"].get<bool>()) ||
                std::find(c.tags.begin(), c.tags.end(), "pii") != c.tags.end();
        for (auto& t : parse_tests(ctx, col, c.name)) {
            tests.push_back(std::move(t));
        }
        auto [dup, inserted] = by_name.emplace(c.name, out.size());
        if (!inserted) {
            core::Column& first = out[dup->second];
            ctx.warning("LD041", c.loc,
                        "column '" + c.name + "' is declared twice (first at line " + std::to_string(first.loc.line) +
                            "); the later entry is merged over the earlier one, as dbt does");
            merge_column(first, std::move(c));
            continue;
        }
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace dpipe::load

namespace dpipe::load {

namespace {

constexpr std::array<std::string_view, 4> k_builtin_tests = {"unique", "not_null", "accepted_values", "relationships"};

struct TestUse {
    core::SourceLoc first;
    std::size_t count = 0;
};

void collect_uses(const std::vector<core::TestSpec>& tests, std::map<std::string, TestUse>& uses) {
    for (const auto& t : tests) {
        TestUse& u = uses[t.name];
        if (u.count++ == 0 || std::tie(t.loc.file, t.loc.line, t.loc.col) < std::tie(u.first.file, u.first.line, u.first.col)) {
            u.first = t.loc;
        }
    }
}

} // namespace

void check_generic_tests(LoadContext& ctx) {
    const core::Project& p = *ctx.project;
    std::map<std::string, std::set<std::string>> defined; // package -> generic test names
    for (const auto& mf : p.macros) {
        for (auto& name : generic_test_definitions(mf.text)) {
            defined[mf.package].insert(std::move(name));
        }
    }
    std::map<std::string, TestUse> uses;
    for (const auto& m : p.models) {
        if (m.enabled()) {
            collect_uses(m.tests, uses);
        }
    }
    for (const auto& s : p.seeds) {
        collect_uses(s.tests, uses);
    }
    for (const auto& s : p.sources) {
        collect_uses(s.tests, uses);
    }
    for (const auto& [name, use] : uses) {
        std::size_t dot = name.find('.');
        std::string package = dot == std::string::npos ? std::string() : name.substr(0, dot);
        std::string test = dot == std::string::npos ? name : name.substr(dot + 1);
        bool builtin = (package.empty() || package == "dbt") &&
                       std::find(k_builtin_tests.begin(), k_builtin_tests.end(), test) != k_builtin_tests.end();
        bool found = builtin;
        for (const auto& [pkg, names] : defined) {
            if ((package.empty() || pkg == package) && names.count(test)) {
                found = true;
            }
        }
        if (found) {
            continue;
        }
        std::string where = package.empty() ? "the project, its packages or dbt's built-in tests"
                            : defined.count(package) ? "package '" + package + "'"
                                                     : "package '" + package + "', which is not installed";
        std::string uses_text = use.count > 1 ? " (" + std::to_string(use.count) + " uses; the first is here)" : "";
        ctx.warning("LD045", use.first,
                    "generic test '" + name + "' has no definition ({% test " + test + "(...) %}) in " + where +
                        uses_text + "; its tests are listed but cannot run");
    }
}

} // namespace dpipe::load
