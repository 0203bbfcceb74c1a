#pragma once
// Shared helpers for the template tests: render text and return the output or the error.

#include "template/render.hpp"

#include <string>

namespace dpipe::tmpl::testing {

// Renders `text` as plain Jinja with `context` (JSON text) as globals. Returns the output, or
// "ERROR: <headline>" when rendering fails.
inline std::string jinja(const std::string& text, const std::string& context = "{}") {
    core::Json ctx = core::Json::parse(context);
    RenderRequest req;
    req.text = text;
    req.file = "t.sql";
    req.globals = &ctx;
    req.plain_jinja = true;
    auto r = render(req);
    if (!r) {
        return "ERROR: " + r.error().headline();
    }
    return r.value().rendered.sql;
}

// The headline of the error of rendering `req` ("" when it succeeds).
inline std::string error_of(const RenderRequest& req) {
    auto r = render(req);
    return r ? std::string() : r.error().headline();
}

} // namespace dpipe::tmpl::testing
