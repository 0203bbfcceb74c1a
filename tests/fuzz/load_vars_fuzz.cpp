// Fuzz target: --vars as the command line takes it (JSON), and vars as YAML, checked against the
// limits and merged over project vars. Must never crash, overflow the stack or hang: everything
// past check_json_limits may recurse only as deep as the limits allow.
//
// The first byte chooses the reader (even: JSON, odd: YAML).

#include "core/project.hpp"
#include "load/document.hpp"
#include "load/load_context.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dpipe;
    if (size == 0) {
        return 0;
    }
    load::Limits limits;
    limits.max_nodes = 100'000;
    std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    core::Json vars;
    if ((data[0] & 1) == 0) {
        vars = core::Json::parse(text.begin(), text.end(), nullptr, false);
        if (vars.is_discarded()) {
            return 0;
        }
        if (!load::check_json_limits(vars, limits, {"--vars", 1, 1})) {
            return 0;
        }
    } else {
        auto doc = load::parse_yaml(text, "vars.yml", limits);
        if (!doc) {
            return 0;
        }
        vars = std::move(doc->root);
    }
    core::Json project_vars = core::Json::parse(R"({"start_date": "2024-01-01", "nested": {"a": 1, "b": [1, 2]}})");
    load::merge_json(project_vars, vars);
    core::Json copy = project_vars;
    (void)copy.dump();
    return 0;
}
