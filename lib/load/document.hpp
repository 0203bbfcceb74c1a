#pragma once
// Parsed configuration documents (YAML or TOML) as JSON, with the source location of every
// value and of every object key, so later stages can report precise file:line:col errors.
//
// Parsing never throws and never crashes on bad input: every failure (syntax, size, binary or
// non-UTF-8 bytes, nesting depth, alias bombs and cycles, duplicate keys) is returned as one
// located core::Diagnostic with a code LD0xx. Problems a parse option tolerates (duplicate keys
// in dbt's files) come back as warnings in Document::warnings.
//
// Locations are kept in a flat side table parallel to the JSON tree (no pointer strings): the
// children of every mapping or sequence occupy consecutive records, in member order. Readers
// walk the tree with a located cursor, Node, which carries the location of the value it points
// at; pointer-string lookups (Document::loc) remain for error paths and tests.

#include "core/diagnostic.hpp"
#include "core/project.hpp"
#include "core/source_loc.hpp"
#include "util/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::load {

// Resource limits applied to every file read for a project.
struct Limits {
    std::uint64_t max_file_bytes = 8 << 20; // larger files are refused
    int max_depth = 64;                     // nesting of mappings/sequences (tables/arrays)
    std::size_t max_nodes = 1'000'000;      // nodes produced, counting alias expansions
};

// How strictly a file is read. dpipe's own files (dpipe.yaml, .dpipe.toml, pipelines) are
// strict; dbt's files (dbt_project.yml, property files) are read as dbt reads them.
struct ParseOptions {
    // false: a duplicated mapping key is an error (LD005). true: it is a warning (LD040) and
    // the later value replaces the earlier one in place, as PyYAML does.
    bool tolerate_duplicate_keys = false;
};

struct LineCol {
    int line = 0; // 1-based; 0 = unknown
    int col = 0;
};

// One record of the location table.
struct NodeLoc {
    static constexpr std::uint32_t k_none = 0xFFFFFFFFu;    // scalar: no children
    static constexpr std::uint32_t k_inherit = 0xFFFFFFFEu; // copied (alias, merge): children share `value`
    LineCol value;                  // where the value starts
    LineCol key;                    // where its key starts, for object members
    std::uint32_t first_child = k_none; // index of the first child's record
};

class Node;

// A parsed document.
struct Document {
    core::Json root;
    std::string file; // project-relative path used in locations
    // locs[0] is the root; see NodeLoc.
    std::vector<NodeLoc> locs;
    // Tolerated problems (ParseOptions), as warnings; the caller reports them.
    std::vector<core::Diagnostic> warnings;

    // A located cursor at the root.
    Node node() const;

    // Location of the value at JSON pointer `pointer` ("/models/0/name"); the nearest existing
    // ancestor when absent (values expanded from an alias or a merge key only know the alias'
    // or the merge key's position). Walks from the root: meant for error paths.
    core::SourceLoc loc(std::string_view pointer) const;
    // Location of the key of the object member at `pointer`; falls back to loc(pointer).
    core::SourceLoc key_loc(std::string_view pointer) const;
    // The JSON pointer of a value inside root (found by address; linear, for messages).
    std::string pointer_of(const core::Json* value) const;
};

// A read-only located cursor into a Document. A Node for an absent member or index is
// "missing": json() is null and loc() is the location of the nearest existing ancestor.
// Cheap to copy; valid as long as the Document is alive and unmodified.
class Node {
public:
    Node() = default;
    Node(const Document* doc, const core::Json* value, const NodeLoc& rec);

    bool exists() const { return m_value != nullptr; }
    explicit operator bool() const { return exists(); }
    // The value; a null Json when missing.
    const core::Json& json() const;
    const core::Json* operator->() const { return &json(); }

    bool is_object() const { return m_value && m_value->is_object(); }
    bool is_array() const { return m_value && m_value->is_array(); }
    bool is_null() const { return !m_value || m_value->is_null(); }
    std::size_t size() const;

    // Member `key` of an object / element `index` of an array; missing otherwise.
    Node operator[](std::string_view key) const;
    Node operator[](std::size_t index) const;
    Node at(std::size_t index) const { return (*this)[index]; }
    // Members of an object in order: fn(std::string_view key, Node value).
    template <typename Fn> void each_member(Fn fn) const {
        if (!is_object()) {
            return;
        }
        std::size_t i = 0;
        for (const auto& kv : m_value->get_ref<const core::Json::object_t&>()) {
            fn(std::string_view(kv.first), child(&kv.second, i++));
        }
    }

    core::SourceLoc loc() const;
    core::SourceLoc key_loc() const; // the key's location for object members, else loc()
    // The JSON pointer of this value (for messages; linear in the document size).
    std::string pointer() const;
    const Document* doc() const { return m_doc; }

private:
    Node child(const core::Json* value, std::size_t index) const;
    Node missing() const;

    const Document* m_doc = nullptr;
    const core::Json* m_value = nullptr;
    NodeLoc m_rec;
};

// Appends one reference token to a JSON pointer, escaping '~' and '/'.
void pointer_append(std::string& pointer, std::string_view token);
std::string pointer_join(std::string_view pointer, std::string_view token);
std::string pointer_join(std::string_view pointer, std::size_t index);

// Refuses text that is too large, binary (contains NUL) or not UTF-8, with a located error
// (LD008, LD007, LD006). Used for every project file, not only YAML/TOML.
util::Result<bool, core::Diagnostic> check_text(std::string_view text, const std::string& file,
                                                const Limits& limits);

// Refuses a JSON value nested deeper than limits.max_depth or with more than limits.max_nodes
// values (LD002 / LD003, located at `loc`), without recursion. For JSON that does not come from
// parse_yaml/parse_toml, e.g. --vars, before it is merged or copied.
util::Result<bool, core::Diagnostic> check_json_limits(const core::Json& value, const Limits& limits,
                                                       const core::SourceLoc& loc);

// YAML 1.2 (core schema typing for plain scalars; quoted scalars are strings; merge keys).
util::Result<Document, core::Diagnostic> parse_yaml(std::string_view text, const std::string& file,
                                                    const Limits& limits, const ParseOptions& options = {});
// TOML 1.0; dates and times become strings. Dotted keys count towards the depth limit.
util::Result<Document, core::Diagnostic> parse_toml(std::string_view text, const std::string& file,
                                                    const Limits& limits);

// Diagnostic constructors shared by the loader.
core::Diagnostic make_error(std::string code, core::SourceLoc loc, std::string message);
core::Diagnostic make_warning(std::string code, core::SourceLoc loc, std::string message);

} // namespace dpipe::load
