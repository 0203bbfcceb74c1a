// dbt generic tests and columns in property files, in both spellings dbt accepts:
//   - unique
//   - accepted_values: {values: [...], severity: warn}
//   - accepted_values: {arguments: {values: [...]}, config: {where: ..., severity: warn}}
//   - name: my_check            (custom name)
//     test_name: unique

#include "load/load_context.hpp"
#include "load/schema.hpp"

#include <algorithm>
#include <array>

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

std::vector<core::TestSpec> parse_tests(LoadContext& ctx, const Document& doc, const std::string& pointer,
                                        const std::string& column) {
    std::vector<core::TestSpec> out;
    for (const char* key : {"/data_tests", "/tests"}) {
        std::string list_ptr = pointer + key;
        const core::Json* list = json_at(doc.root, list_ptr);
        if (!list || !list->is_array()) {
            continue;
        }
        for (std::size_t i = 0; i < list->size(); ++i) {
            std::string ptr = pointer_join(list_ptr, i);
            const core::Json& item = (*list)[i];
            core::TestSpec t;
            t.column = column;
            t.loc = doc.loc(ptr);
            if (item.is_string()) {
                t.name = item.get<std::string>();
            } else if (item.is_object() && item.contains("test_name") && item["test_name"].is_string()) {
                t.name = item["test_name"].get<std::string>();
                split_body(item, t);
            } else if (item.is_object() && item.size() == 1) {
                auto it = item.begin();
                t.name = it.key();
                t.loc = doc.key_loc(pointer_join(ptr, t.name));
                if (it.value().is_object()) {
                    split_body(it.value(), t);
                } else if (!it.value().is_null()) {
                    ctx.error("LD022", doc.loc(pointer_join(ptr, t.name)),
                              "arguments of test '" + t.name + "' must be a mapping");
                    continue;
                }
            } else {
                ctx.error("LD022", doc.loc(ptr),
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

std::vector<core::Column> parse_columns(LoadContext& ctx, const Document& doc, const std::string& pointer,
                                        std::vector<core::TestSpec>& tests) {
    std::vector<core::Column> out;
    std::string list_ptr = pointer + "/columns";
    const core::Json* list = json_at(doc.root, list_ptr);
    if (!list || !list->is_array()) {
        return out;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
        std::string ptr = pointer_join(list_ptr, i);
        if (!(*list)[i].is_object()) {
            continue; // reported by the schema
        }
        core::Column c;
        if (!get_string(ctx, doc, ptr + "/name", c.name)) {
            continue;
        }
        c.loc = doc.loc(ptr + "/name");
        auto dup = std::find_if(out.begin(), out.end(), [&](const core::Column& o) { return o.name == c.name; });
        if (dup != out.end()) {
            ctx.error("LD021", c.loc,
                      "column '" + c.name + "' is declared twice (first at line " + std::to_string(dup->loc.line) + ")");
            continue;
        }
        get_string(ctx, doc, ptr + "/data_type", c.data_type);
        get_string(ctx, doc, ptr + "/description", c.description);
        get_tags(ctx, doc, ptr + "/tags", c.tags);
        if (const auto* meta = json_at(doc.root, ptr + "/meta"); meta && meta->is_object()) {
            c.meta = *meta;
        }
        if (const auto* cfg = json_at(doc.root, ptr + "/config/meta"); cfg && cfg->is_object()) {
            merge_json(c.meta, *cfg);
        }
        get_tags(ctx, doc, ptr + "/config/tags", c.tags);
        c.pii = (c.meta.contains("pii") && c.meta["pii"].is_boolean() && c.meta["pii"].get<bool>()) ||
                std::find(c.tags.begin(), c.tags.end(), "pii") != c.tags.end();
        for (auto& t : parse_tests(ctx, doc, ptr, c.name)) {
            tests.push_back(std::move(t));
        }
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace dpipe::load
