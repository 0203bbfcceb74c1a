#pragma once
// Internal to lib/load: Jinja in dbt's own YAML files (dbt_project.yml, profiles.yml), rendered
// as dbt renders them. The context is dbt's for these files: env_var(), var() seeing only
// --vars (project vars are not known yet), `target` (dbt_project.yml only) and the builtins.
// Output is converted as dbt's native rendering does: "True"/"False" -> booleans, "None" ->
// null, numbers -> numbers, anything else stays a string.

#include "core/diagnostic.hpp"
#include "core/project.hpp"
#include "load/document.hpp"
#include "util/result.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::load {

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

struct ConfigRenderer {
    const core::Json* vars = nullptr; // what var() sees (--vars)
    EnvLookup env;                    // env_var(); unset = the process environment
    // `target` in the context; null = no target (profiles.yml, the `profile:` key).
    const core::Target* target = nullptr;
    std::string dialect; // target.type when the target has no adapter type
    // The file's text, to find where a quoted scalar's content starts (locations of errors).
    std::string_view file_text;
};

// True when `text` holds Jinja syntax ("{{", "{%" or "{#").
bool has_jinja(std::string_view text);

// dbt's native conversion of a rendered string.
core::Json native_value(const std::string& rendered);

// Renders the YAML string `text` found at `at`. Errors (TP001 syntax, TP005 missing var, TP006
// missing env var, ...) come back located in the YAML file itself.
util::Result<core::Json, core::Diagnostic> render_config_value(const ConfigRenderer& r, std::string_view text,
                                                               const core::SourceLoc& at);

// Renders, in place, every string of a dbt_project.yml that dbt renders: all of them except
// `vars:`, `on-run-start`, `on-run-end`, `query-comment` and the pre-/post-hooks of the
// resource blocks (rendered later, per node, by dbt). Errors are appended to `out`; a value that
// fails keeps its text as written.
void render_dbt_project(const ConfigRenderer& r, Document& doc, std::vector<core::Diagnostic>& out);

// Renders, in place, the Jinja of a property file (models/*.yml) as dbt's schema renderer does:
// every string except descriptions and data tests (rendered later by dbt, for docs and generic
// tests), so `name: "{{ env_var('X') ~ '_raw' }}"` or `schema: "{{ var('s') }}"` load as the
// rendered text. A value that fails keeps its text as written, with the error appended to `out`
// as a warning (dbt would stop; dpipe loads the rest).
void render_property_file(const ConfigRenderer& r, Document& doc, std::vector<core::Diagnostic>& out);

} // namespace dpipe::load
