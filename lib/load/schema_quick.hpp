#pragma once
// A quick test that a document satisfies a JSON Schema, so that valijson, which reports and
// words every violation, runs only on documents that may have one. It knows the keywords
// dpipe's schemas use for what most files hold (type, enum, required, properties,
// additionalProperties, items, minLength, minProperties, allOf and local $ref) and answers
// "certainly valid" or "not certain": a value under any other keyword, a value that fails, or
// anything it cannot decide exactly as valijson would, is "not certain". Schema validation
// was a fifth of the CPU time of `dpipe ls` on 10,000 models.

#include "core/project.hpp"

#include <cstddef>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

namespace dpipe::load {

class QuickSchema {
public:
    // Compiles `schema` (kept by reference: it must outlive this object).
    explicit QuickSchema(const core::Json& schema);

    // True only when `value` satisfies the schema; false says nothing.
    bool certainly_valid(const core::Json& value) const;

private:
    struct Node {
        bool supported = true;
        unsigned types = 0; // a bit per JSON type name; 0: any type
        const core::Json* enum_values = nullptr;
        std::vector<std::string> required;
        std::unordered_map<std::string, const Node*> properties;
        bool additional_allowed = true;     // additionalProperties: false makes it false
        const Node* additional = nullptr;   // additionalProperties as a schema
        const Node* items = nullptr;
        std::size_t min_length = 0;
        std::size_t min_properties = 0;
        std::vector<const Node*> all_of;
        const Node* ref = nullptr;
    };

    const Node* compile(const core::Json& schema, int depth);
    const Node* resolve(const std::string& ref, int depth);
    bool check(const Node& n, const core::Json& v, int depth) const;

    const core::Json& m_root;
    std::deque<Node> m_nodes;                                  // stable addresses
    std::unordered_map<std::string, const Node*> m_refs;       // "#/definitions/x"
    const Node* m_top = nullptr;
};

} // namespace dpipe::load
