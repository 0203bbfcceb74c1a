#pragma once
// Resource limits of one render. Exceeding any of them is a located error (TP003), never a
// crash or a hang.

#include <cstddef>
#include <cstdint>

namespace dpipe::tmpl {

struct RenderLimits {
    int max_macro_depth = 200;
    std::uint64_t max_loop_iterations = 1'000'000; // total per render
    std::size_t max_output = 64u << 20;            // bytes of any one output or string
    std::uint64_t max_work = 1u << 30;             // bytes of text built in total
    int max_eval_depth = 1500;                     // nested evaluation steps
};

} // namespace dpipe::tmpl
