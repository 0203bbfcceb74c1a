#pragma once
// Resource limits of one render. Exceeding any of them is a located error (TP003), never a
// crash or a hang.

#include <cstddef>
#include <cstdint>

namespace dpipe::tmpl {

struct RenderLimits {
    int max_macro_depth = 200;                     // macro calls active at once
    std::uint64_t max_macro_calls = 100'000;       // macro calls in total per render
    // Total per render; also the most items of any one list (range(), list * n, a string
    // turned into a list).
    std::uint64_t max_loop_iterations = 1'000'000;
    std::size_t max_output = 64u << 20;            // bytes of any one output or string
    std::size_t max_render_output = 64u << 20;     // bytes of the rendered file
    std::uint64_t max_work = 1u << 30;             // bytes of text built in total
    int max_eval_depth = 1500;                     // nested evaluation steps
};

} // namespace dpipe::tmpl
