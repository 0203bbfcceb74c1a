#pragma once
// Ending a command without freeing what it built. A project snapshot of 10,000 models is millions
// of small allocations; freeing them one by one at the end of a command costs a tenth of the run,
// and the operating system reclaims the whole address space at exit anyway. Commands hand their
// large results to keep_until_exit() once they no longer need them.
//
// Under AddressSanitizer (the CI sanitizer run and the fuzzers) the value is destroyed right away
// instead, so leak checking and use-after-free detection see the normal lifetime.

#include <utility>

#if defined(__SANITIZE_ADDRESS__)
#define DPIPE_KEEP_UNTIL_EXIT_DESTROYS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DPIPE_KEEP_UNTIL_EXIT_DESTROYS 1
#endif
#endif

namespace dpipe::util {

// Moves `value` into storage that is never destroyed. Not for values whose destructor has an
// effect outside the process (files, sockets, child processes): those must be closed normally.
template <typename T> void keep_until_exit(T&& value) {
#ifdef DPIPE_KEEP_UNTIL_EXIT_DESTROYS
    T destroyed_now(std::forward<T>(value));
    (void)destroyed_now;
#else
    new T(std::forward<T>(value)); // deliberately never deleted
#endif
}

} // namespace dpipe::util
