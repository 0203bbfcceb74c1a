// Test tool for the differential test against python jinja2: renders a template file with a
// JSON context as plain Jinja (no dbt context) and prints the result.
//   template_render_cli TEMPLATE [CONTEXT.json]
// Exit 0 with the rendering on stdout, or 1 with the diagnostic on stderr.

#include "template/render.hpp"
#include "util/files.hpp"

#include <iostream>

int main(int argc, char** argv) {
    using namespace dpipe;
    if (argc < 2 || argc > 3) {
        std::cerr << "usage: template_render_cli TEMPLATE [CONTEXT.json]\n";
        return 2;
    }
    auto text = util::read_file(argv[1], 16u << 20);
    if (!text) {
        std::cerr << text.error().message << "\n";
        return 2;
    }
    core::Json context = core::Json::object();
    if (argc == 3) {
        auto ctx = util::read_file(argv[2], 16u << 20);
        if (!ctx) {
            std::cerr << ctx.error().message << "\n";
            return 2;
        }
        context = core::Json::parse(ctx.value(), nullptr, false);
        if (context.is_discarded()) {
            std::cerr << argv[2] << ": invalid JSON\n";
            return 2;
        }
    }
    tmpl::RenderRequest req;
    req.text = text.value();
    req.file = argv[1];
    req.globals = &context;
    req.plain_jinja = true;
    auto r = tmpl::render(req);
    if (!r) {
        std::cerr << r.error().headline() << "\n";
        for (const auto& n : r.error().notes) {
            std::cerr << "  note: " << n << "\n";
        }
        return 1;
    }
    std::cout << r.value().rendered.sql;
    return 0;
}
