#include "load/schema.hpp"

// GCC 12 reports a false -Wrestrict inside valijson's json_pointer string handling when it is
// inlined at -O2 (GCC bug 105329); the code is correct.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

#include "load/schema_quick.hpp"
#include "util/strings.hpp"

// valijson's nlohmann adapter names nlohmann::json (unordered); documents are
// nlohmann::ordered_json. Rather than deep-copying every document into the other type, the
// adapter is instantiated for ordered_json: inside valijson::adapters the name `nlohmann`
// resolves to this namespace first, and the adapter's classes are renamed so they cannot clash
// with a plain instantiation elsewhere.
namespace valijson::adapters::nlohmann {
using json = ::nlohmann::ordered_json;
} // namespace valijson::adapters::nlohmann
#define NlohmannJsonAdapter OrderedJsonAdapter
#define NlohmannJsonArray OrderedJsonArray
#define NlohmannJsonArrayValueIterator OrderedJsonArrayValueIterator
#define NlohmannJsonFrozenValue OrderedJsonFrozenValue
#define NlohmannJsonObject OrderedJsonObject
#define NlohmannJsonObjectMember OrderedJsonObjectMember
#define NlohmannJsonObjectMemberIterator OrderedJsonObjectMemberIterator
#define NlohmannJsonValue OrderedJsonValue
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#undef NlohmannJsonAdapter
#undef NlohmannJsonArray
#undef NlohmannJsonArrayValueIterator
#undef NlohmannJsonFrozenValue
#undef NlohmannJsonObject
#undef NlohmannJsonObjectMember
#undef NlohmannJsonObjectMemberIterator
#undef NlohmannJsonValue
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <array>
#include <memory>
#include <algorithm>

namespace dpipe::load {

// Defined in the generated embedded_schemas.cpp.
extern const char* const k_schema_dpipe;
extern const char* const k_schema_pipeline;
extern const char* const k_schema_properties;
extern const char* const k_schema_tool;

namespace {

struct Compiled {
    core::Json json;
    valijson::Schema schema;
    std::unique_ptr<QuickSchema> quick; // of json
};

const Compiled& compiled(SchemaId id) {
    static const std::array<std::unique_ptr<Compiled>, 4> all = [] {
        std::array<std::unique_ptr<Compiled>, 4> out;
        for (int i = 0; i < 4; ++i) {
            auto c = std::make_unique<Compiled>();
            c->json = core::Json::parse(schema_text(static_cast<SchemaId>(i)));
            valijson::SchemaParser parser;
            valijson::adapters::OrderedJsonAdapter adapter(c->json);
            parser.populateSchema(adapter, c->schema);
            c->quick = std::make_unique<QuickSchema>(c->json);
            out[static_cast<std::size_t>(i)] = std::move(c);
        }
        return out;
    }();
    return *all[static_cast<std::size_t>(id)];
}

std::string unescape_token(std::string_view t) {
    std::string out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '~' && i + 1 < t.size()) {
            out += t[i + 1] == '1' ? '/' : '~';
            ++i;
        } else {
            out += t[i];
        }
    }
    return out;
}

std::vector<std::string> pointer_tokens(std::string_view pointer) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < pointer.size()) {
        auto next = pointer.find('/', i + 1);
        if (next == std::string_view::npos) {
            next = pointer.size();
        }
        out.push_back(unescape_token(pointer.substr(i + 1, next - i - 1)));
        i = next;
    }
    return out;
}

const core::Json* resolve_ref(const core::Json& root, const core::Json* node) {
    for (int guard = 0; node && node->is_object() && node->contains("$ref") && guard < 16; ++guard) {
        std::string ref = (*node)["$ref"].get<std::string>();
        if (ref.rfind("#/definitions/", 0) != 0) {
            return nullptr;
        }
        auto defs = root.find("definitions");
        if (defs == root.end()) {
            return nullptr;
        }
        auto it = defs->find(ref.substr(14));
        node = it == defs->end() ? nullptr : &*it;
    }
    if (node && node->is_object() && node->contains("allOf") && (*node)["allOf"].is_array() &&
        !(*node)["allOf"].empty()) {
        return resolve_ref(root, &(*node)["allOf"][0]);
    }
    return node;
}

// The subschema describing the value at `pointer`, when it can be followed plainly.
const core::Json* schema_at(const core::Json& root, std::string_view pointer) {
    const core::Json* node = resolve_ref(root, &root);
    for (const auto& tok : pointer_tokens(pointer)) {
        if (!node || !node->is_object()) {
            return nullptr;
        }
        const core::Json* next = nullptr;
        if (auto p = node->find("properties"); p != node->end() && p->contains(tok)) {
            next = &(*p)[tok];
        } else if (auto a = node->find("additionalProperties"); a != node->end() && a->is_object()) {
            next = &*a;
        } else if (auto items = node->find("items"); items != node->end() && items->is_object()) {
            next = &*items;
        }
        node = resolve_ref(root, next);
    }
    return node;
}

std::string type_name(const core::Json& v) {
    switch (v.type()) {
    case core::Json::value_t::object: return "a mapping";
    case core::Json::value_t::array: return "a list";
    case core::Json::value_t::string: return "string \"" + v.get<std::string>().substr(0, 40) + "\"";
    case core::Json::value_t::boolean: return v.get<bool>() ? "true" : "false";
    case core::Json::value_t::number_integer:
    case core::Json::value_t::number_unsigned: return "integer " + v.dump();
    case core::Json::value_t::number_float: return "number " + v.dump();
    default: return "null";
    }
}

std::string expected_types(const core::Json* schema) {
    if (!schema || !schema->contains("type")) {
        return "a different type";
    }
    auto name = [](const std::string& t) -> std::string {
        if (t == "object") {
            return "a mapping";
        }
        if (t == "array") {
            return "a list";
        }
        if (t == "integer") {
            return "an integer";
        }
        if (t == "boolean") {
            return "a boolean";
        }
        return "a " + t;
    };
    const auto& t = (*schema)["type"];
    if (t.is_string()) {
        return name(t.get<std::string>());
    }
    std::vector<std::string> parts;
    for (const auto& x : t) {
        if (x != "null") {
            parts.push_back(name(x.get<std::string>()));
        }
    }
    return util::join(parts, " or ");
}

const core::Json* value_at(const core::Json& root, std::string_view pointer) {
    const core::Json* v = &root;
    for (const auto& tok : pointer_tokens(pointer)) {
        if (v->is_object()) {
            auto it = v->find(tok);
            if (it == v->end()) {
                return nullptr;
            }
            v = &*it;
        } else if (v->is_array()) {
            std::size_t idx = 0;
            for (char c : tok) {
                if (c < '0' || c > '9') {
                    return nullptr;
                }
                idx = idx * 10 + static_cast<std::size_t>(c - '0');
                if (idx > v->size()) {
                    return nullptr;
                }
            }
            if (idx >= v->size()) {
                return nullptr;
            }
            v = &(*v)[idx];
        } else {
            return nullptr;
        }
    }
    return v;
}

bool is_summary(const std::string& d) {
    static const char* const k_prefixes[] = {
        "Failed to validate item #",
        "Failed to validate against schema associated with property name",
        "Failed to validate against additional properties schema",
        "Failed to validate against schema associated with pattern",
        "Failed to validate against child schemas allowed by allOf",
    };
    for (const char* p : k_prefixes) {
        if (d.rfind(p, 0) == 0) {
            return true;
        }
    }
    return false;
}

std::string quoted_tail(const std::string& d) {
    auto end = d.rfind('\'');
    if (end == std::string::npos || end == 0) {
        return "";
    }
    auto start = d.rfind('\'', end - 1);
    if (start == std::string::npos) {
        return "";
    }
    return d.substr(start + 1, end - start - 1);
}

core::Diagnostic describe(const Document& doc, const core::Json& schema_root, const std::string& pointer,
                          const std::string& d) {
    std::string where = pointer.empty() ? "the document" : quoted_path(pointer);
    if (d.rfind("Object contains a property that could not be validated", 0) == 0) {
        std::string key = quoted_tail(d);
        std::string child = pointer_join(pointer, key);
        core::Diagnostic diag = make_error("LD011", doc.key_loc(child),
                                           "unknown key '" + key + "'" +
                                               (pointer.empty() ? "" : " in " + where));
        const auto* s = schema_at(schema_root, pointer);
        if (s && s->contains("properties")) {
            std::vector<std::string> names;
            for (const auto& [k, v] : (*s)["properties"].items()) {
                names.push_back(k);
            }
            std::sort(names.begin(), names.end()); // the schema keeps its authoring order
            std::string best = util::closest_match(key, names);
            if (!best.empty()) {
                diag.notes.push_back("did you mean '" + best + "'?");
            }
            diag.notes.push_back("allowed keys: " + util::join(names, ", "));
        }
        return diag;
    }
    if (d.rfind("Missing required property", 0) == 0) {
        return make_error("LD013", doc.loc(pointer), "missing required key '" + quoted_tail(d) + "' in " + where);
    }
    const core::Json* value = value_at(doc.root, pointer);
    std::string got = value ? type_name(*value) : "nothing";
    if (d.rfind("Value type not permitted", 0) == 0) {
        return make_error("LD012", doc.loc(pointer),
                          where + " must be " + expected_types(schema_at(schema_root, pointer)) + ", got " + got);
    }
    if (d.rfind("Failed to match against any enum values", 0) == 0) {
        const auto* s = schema_at(schema_root, pointer);
        std::vector<std::string> options;
        if (s && s->contains("enum")) {
            for (const auto& e : (*s)["enum"]) {
                options.push_back(e.is_string() ? e.get<std::string>() : e.dump());
            }
        }
        return make_error("LD012", doc.loc(pointer),
                          where + " must be one of: " + util::join(options, ", ") + " (got " + got + ")");
    }
    if (d.rfind("Failed to validate against", 0) == 0) {
        return make_error("LD012", doc.loc(pointer), "invalid value for " + where + " (got " + got + ")");
    }
    std::string text = d;
    if (!text.empty() && text.back() == '.') {
        text.pop_back();
    }
    return make_error("LD012", doc.loc(pointer), where + ": " + text);
}

} // namespace

std::string_view schema_text(SchemaId id) {
    switch (id) {
    case SchemaId::DpipeYaml: return k_schema_dpipe;
    case SchemaId::Pipeline: return k_schema_pipeline;
    case SchemaId::Properties: return k_schema_properties;
    case SchemaId::ToolConfig: return k_schema_tool;
    }
    return k_schema_dpipe;
}

std::string display_path(std::string_view pointer) {
    std::string out;
    for (const auto& tok : pointer_tokens(pointer)) {
        bool index = !tok.empty() && tok.find_first_not_of("0123456789") == std::string::npos;
        if (index) {
            out += "[" + tok + "]";
        } else {
            if (!out.empty()) {
                out += '.';
            }
            out += tok;
        }
    }
    return out;
}

std::string quoted_path(std::string_view pointer) {
    std::string out(1, '\'');
    out += display_path(pointer);
    out += '\'';
    return out;
}

bool quick_check_passes(const Document& doc, SchemaId id) { return compiled(id).quick->certainly_valid(doc.root); }

bool valijson_passes(const Document& doc, SchemaId id) {
    const Compiled& c = compiled(id);
    valijson::Validator validator;
    valijson::adapters::OrderedJsonAdapter adapter(doc.root);
    return validator.validate(c.schema, adapter, nullptr);
}

std::vector<core::Diagnostic> validate(const Document& doc, SchemaId id) {
    const Compiled& c = compiled(id);
    if (c.quick->certainly_valid(doc.root)) {
        return {}; // most documents: valijson is needed to find and word violations
    }
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::OrderedJsonAdapter adapter(doc.root);
    std::vector<core::Diagnostic> out;
    if (validator.validate(c.schema, adapter, &results)) {
        return out;
    }
    // One message per location; a type mismatch explains more than the checks that follow it.
    std::vector<std::pair<std::string, std::string>> picked;
    valijson::ValidationResults::Error err;
    while (results.popError(err)) {
        if (is_summary(err.description)) {
            continue;
        }
        std::string pointer;
        for (const auto& part : err.context) {
            if (part.size() >= 2 && part.front() == '[' && part.back() == ']') {
                pointer_append(pointer, std::string_view(part).substr(1, part.size() - 2));
            }
        }
        auto it = std::find_if(picked.begin(), picked.end(), [&](const auto& p) { return p.first == pointer; });
        if (it == picked.end()) {
            picked.emplace_back(pointer, err.description);
        } else if (err.description.rfind("Value type not permitted", 0) == 0) {
            it->second = err.description;
        }
    }
    for (const auto& [pointer, description] : picked) {
        out.push_back(describe(doc, c.json, pointer, description));
    }
    core::sort_diagnostics(out);
    return out;
}

} // namespace dpipe::load
