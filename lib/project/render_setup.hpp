#pragma once
// Internal to lib/project: what a render needs besides the file itself, built by analyse() and
// kept by the snapshot (Snapshot::render_setup) for renders after it (custom_tests.hpp).

#include "core/project.hpp"
#include "template/macro_registry.hpp"
#include "template/render.hpp"

namespace dpipe::project {

// The macros and Jinja context of the analysis that made a snapshot, kept for renders after it
// (tests compiled when they run).
struct RenderSetup {
    tmpl::MacroRegistry macros;
    tmpl::Target target;
    core::Json globals = core::Json::object(); // {"target": {...}}
};

} // namespace dpipe::project
