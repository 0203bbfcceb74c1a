// Fuzz target: parse and render arbitrary template text with small limits, as plain Jinja and
// with the dbt context (macros registered from the same input). Must never crash or hang.

#include "template/render.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dpipe;
    std::string_view text(reinterpret_cast<const char*>(data), size);

    tmpl::RenderLimits limits;
    limits.max_loop_iterations = 20000;
    limits.max_output = 1 << 20;
    limits.max_work = 8 << 20;
    limits.max_macro_depth = 50;

    tmpl::RenderRequest plain;
    plain.text = text;
    plain.file = "fuzz.sql";
    plain.plain_jinja = true;
    plain.limits = limits;
    (void)tmpl::render(plain);

    tmpl::MacroRegistry macros;
    macros.set_root_package("fuzz");
    core::CollectingSink sink;
    macros.add_file("fuzz", "macros/fuzz.sql", text, sink);
    core::Json vars = core::Json::parse(R"({"a": 1, "b": [1, 2], "c": {"d": "e"}})");
    tmpl::RenderRequest dbt = plain;
    dbt.plain_jinja = false;
    dbt.macros = &macros;
    dbt.vars = &vars;
    dbt.model_name = "fuzz";
    dbt.env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
    auto r = tmpl::render(dbt);
    if (r) {
        (void)tmpl::normalized_sql_hash(r.value().rendered.sql);
    }
    return 0;
}
