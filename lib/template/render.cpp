#include "template/render.hpp"

#include "template/dbt_context.hpp"
#include "template/interp.hpp"
#include "template/parser.hpp"

#include <exception>

namespace dpipe::tmpl {

util::Result<RenderResult, core::Diagnostic> render_parsed(const Template& tmpl, const RenderRequest& req) {
    RenderResult result;
    DbtContext ctx(req, result.rendered);
    Interp in(req.limits, ctx);
    in.set_source_map(&result.rendered.source_map);
    std::string out;
    try {
        in.render(tmpl, out);
    } catch (RenderError& e) {
        return util::unexpected(std::move(e.diag));
    } catch (const std::exception& e) {
        // Allocation failures and the like still end as a located error, never a crash.
        return util::unexpected(in.diagnostic(core::Severity::Error, "TP003", std::string("render failed: ") + e.what()));
    }
    result.rendered.content_hash = normalized_sql_hash(out);
    result.rendered.sql = std::move(out);
    result.rendered.done = true;
    result.diagnostics = std::move(in.diagnostics());
    result.unavailable_macros = in.unavailable();
    return result;
}

util::Result<RenderResult, core::Diagnostic> render(const RenderRequest& req) {
    auto parsed = parse_template(req.text, req.file);
    if (!parsed) {
        return util::unexpected(parsed.error());
    }
    return render_parsed(*parsed.value(), req);
}

} // namespace dpipe::tmpl
