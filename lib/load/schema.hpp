#pragma once
// JSON Schema validation of parsed documents against the schemas in schemas/ (compiled into
// the library). Errors come back as located diagnostics with readable messages:
//   LD011 unknown key (with a "did you mean" note), LD012 invalid value (type, enum, range),
//   LD013 missing required key. The property-file schema (dbt's files) accepts unknown keys, as
//   dbt does; dpipe's own schemas refuse them.

#include "core/diagnostic.hpp"
#include "load/document.hpp"

#include <string_view>
#include <vector>

namespace dpipe::load {

enum class SchemaId { DpipeYaml, Pipeline, Properties, ToolConfig };

// The schema's JSON text (schemas/dpipe.schema.json, pipeline.schema.json,
// properties.schema.json, dpipe-toml.schema.json).
std::string_view schema_text(SchemaId id);

// All violations of `doc` against the schema, in document order. Thread-safe. A document the
// quick check (schema_quick.hpp) finds valid is not given to valijson.
std::vector<core::Diagnostic> validate(const Document& doc, SchemaId id);
// The two verdicts apart, for the tests and the fuzzer that hold the quick check to valijson:
// whenever the quick check passes a document, valijson must pass it too.
bool quick_check_passes(const Document& doc, SchemaId id);
bool valijson_passes(const Document& doc, SchemaId id);

// "test.jobs" / "steps[1].depends_on[0]" for a JSON pointer, for messages.
std::string display_path(std::string_view pointer);
// The same in single quotes: 'test.jobs'.
std::string quoted_path(std::string_view pointer);

} // namespace dpipe::load
