#pragma once
// Parallel loops over independent work items.

#include <cstddef>
#include <functional>

namespace dpipe::util {

// Number of worker threads to use by default: hardware concurrency, at least 1.
unsigned default_jobs();

// Calls fn(i) for i in [0, n) on up to `jobs` threads (0 = default_jobs()): the caller and the
// process's persistent worker threads (started on first use, default_jobs() - 1 of them, never
// one per call). Items are claimed dynamically so uneven work balances. fn must not throw; it
// returns when all items are done. Safe to call from several threads and from inside fn.
void parallel_for(std::size_t n, const std::function<void(std::size_t)>& fn, unsigned jobs = 0);

} // namespace dpipe::util
