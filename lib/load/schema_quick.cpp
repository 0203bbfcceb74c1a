#include "load/schema_quick.hpp"

#include <string_view>

namespace dpipe::load {

namespace {

constexpr int k_max_depth = 256;

enum TypeBit : unsigned {
    k_null = 1,
    k_boolean = 2,
    k_object = 4,
    k_array = 8,
    k_string = 16,
    k_integer = 32,
    k_number = 64,
};

unsigned type_bit(std::string_view name) {
    if (name == "null") return k_null;
    if (name == "boolean") return k_boolean;
    if (name == "object") return k_object;
    if (name == "array") return k_array;
    if (name == "string") return k_string;
    if (name == "integer") return k_integer;
    if (name == "number") return k_number;
    return 0;
}

// The schema types a value has; an integer is also a number (valijson's strict types: a float
// is never an integer, whatever its value).
unsigned types_of(const core::Json& v) {
    switch (v.type()) {
    case core::Json::value_t::null: return k_null;
    case core::Json::value_t::boolean: return k_boolean;
    case core::Json::value_t::object: return k_object;
    case core::Json::value_t::array: return k_array;
    case core::Json::value_t::string: return k_string;
    case core::Json::value_t::number_integer:
    case core::Json::value_t::number_unsigned: return k_integer | k_number;
    case core::Json::value_t::number_float: return k_number;
    default: return 0;
    }
}

// Code points of UTF-8 text (documents are checked to be UTF-8 before they are parsed).
std::size_t code_points(const std::string& s) {
    std::size_t n = 0;
    for (char c : s) {
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    return n;
}

bool annotation(std::string_view key) {
    return key == "$schema" || key == "$id" || key == "title" || key == "description" ||
           key == "definitions" || key == "default" || key == "examples" || key == "$comment";
}

} // namespace

QuickSchema::QuickSchema(const core::Json& schema) : m_root(schema) { m_top = compile(schema, 0); }

bool QuickSchema::certainly_valid(const core::Json& value) const { return check(*m_top, value, 0); }

const QuickSchema::Node* QuickSchema::compile(const core::Json& s, int depth) {
    Node& n = m_nodes.emplace_back();
    if (s.is_boolean()) {
        n.supported = s.get<bool>(); // true accepts anything; false nothing, which valijson words
        return &n;
    }
    if (!s.is_object() || depth > k_max_depth) {
        n.supported = false;
        return &n;
    }
    if (s.contains("$ref") && s.size() > 1) {
        // Draft 7 ignores a $ref's siblings; rather than rely on how valijson reads them, leave
        // such a schema to valijson.
        for (const auto& [key, v] : s.items()) {
            if (key != "$ref" && !annotation(key)) {
                n.supported = false;
                return &n;
            }
        }
    }
    for (const auto& [key, v] : s.items()) {
        if (key == "type") {
            if (v.is_string()) {
                n.types = type_bit(v.get_ref<const std::string&>());
                n.supported = n.supported && n.types != 0;
            } else if (v.is_array() && !v.empty()) {
                for (const auto& t : v) {
                    unsigned bit = t.is_string() ? type_bit(t.get_ref<const std::string&>()) : 0;
                    n.supported = n.supported && bit != 0;
                    n.types |= bit;
                }
            } else {
                n.supported = false;
            }
        } else if (key == "enum" && v.is_array()) {
            n.enum_values = &v;
        } else if (key == "required" && v.is_array()) {
            for (const auto& r : v) {
                if (!r.is_string()) {
                    n.supported = false;
                    break;
                }
                n.required.push_back(r.get<std::string>());
            }
        } else if (key == "properties" && v.is_object()) {
            for (const auto& [name, sub] : v.items()) {
                n.properties[name] = compile(sub, depth + 1);
            }
        } else if (key == "additionalProperties" && v.is_boolean()) {
            n.additional_allowed = v.get<bool>();
        } else if (key == "additionalProperties" && v.is_object()) {
            n.additional = compile(v, depth + 1);
        } else if (key == "items" && (v.is_object() || v.is_boolean())) {
            n.items = compile(v, depth + 1);
        } else if ((key == "minLength" || key == "minProperties") && v.is_number_unsigned()) {
            (key == "minLength" ? n.min_length : n.min_properties) = v.get<std::size_t>();
        } else if (key == "allOf" && v.is_array()) {
            for (const auto& sub : v) {
                n.all_of.push_back(compile(sub, depth + 1));
            }
        } else if (key == "$ref" && v.is_string()) {
            n.ref = resolve(v.get<std::string>(), depth + 1);
        } else if (!annotation(key)) {
            n.supported = false; // a keyword this check does not know
        }
    }
    return &n;
}

const QuickSchema::Node* QuickSchema::resolve(const std::string& ref, int depth) {
    if (auto it = m_refs.find(ref); it != m_refs.end()) {
        return it->second; // also a reference to a schema still being compiled (recursion)
    }
    // Registered before it is compiled, so that a recursive reference finds it.
    Node& placeholder = m_nodes.emplace_back();
    m_refs.emplace(ref, &placeholder);
    const core::Json* target = nullptr;
    if (ref.rfind("#/", 0) == 0 || ref == "#") {
        try {
            target = &m_root.at(core::Json::json_pointer(ref.substr(1)));
        } catch (const core::Json::exception&) {
            target = nullptr;
        }
    }
    if (target == nullptr || depth > k_max_depth) {
        placeholder.supported = false; // not a local reference, or not found: valijson decides
        return &placeholder;
    }
    placeholder.ref = compile(*target, depth + 1);
    return &placeholder;
}

bool QuickSchema::check(const Node& n, const core::Json& v, int depth) const {
    if (!n.supported || depth > k_max_depth) {
        return false;
    }
    if (n.ref != nullptr && !check(*n.ref, v, depth + 1)) {
        return false;
    }
    if (n.types != 0 && (n.types & types_of(v)) == 0) {
        return false;
    }
    if (n.enum_values != nullptr) {
        bool found = false;
        for (const auto& e : *n.enum_values) {
            if (e.type() == v.type() && e == v) {
                found = true;
                break;
            }
        }
        if (!found) {
            return false;
        }
    }
    for (const Node* a : n.all_of) {
        if (!check(*a, v, depth + 1)) {
            return false;
        }
    }
    if (v.is_string()) {
        return n.min_length == 0 || code_points(v.get_ref<const std::string&>()) >= n.min_length;
    }
    if (v.is_object()) {
        if (v.size() < n.min_properties) {
            return false;
        }
        for (const auto& r : n.required) {
            if (!v.contains(r)) {
                return false;
            }
        }
        for (const auto& [key, x] : v.items()) {
            if (auto it = n.properties.find(key); it != n.properties.end()) {
                if (!check(*it->second, x, depth + 1)) {
                    return false;
                }
            } else if (!n.additional_allowed || (n.additional != nullptr && !check(*n.additional, x, depth + 1))) {
                return false;
            }
        }
        return true;
    }
    if (v.is_array() && n.items != nullptr) {
        for (const auto& x : v) {
            if (!check(*n.items, x, depth + 1)) {
                return false;
            }
        }
    }
    return true;
}

} // namespace dpipe::load
