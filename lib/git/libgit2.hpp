#pragma once
// Internal to lib/git (included by .cpp files only): libgit2 set-up and error text.

#include <string>

namespace dpipe::git::detail {

// Initializes libgit2 once per process (thread-safe); it is shut down at exit.
void ensure_init();

// The message of libgit2's last error on this thread, or a generic one.
std::string last_error();

} // namespace dpipe::git::detail
