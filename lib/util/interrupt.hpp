#pragma once
// SIGINT/SIGTERM handling for the whole process, for work that must be undone whatever
// happens (containers, schemas on a shared server).
//
// A signal handler may only call async-signal-safe functions, so it does nothing but write one
// byte to a pipe (the self-pipe trick). A watcher thread blocked on that pipe wakes up, runs
// every registered hook in the order they were added, and ends the process with _exit(130)
// (destructors are skipped on purpose: the hooks did the cleanup). A third signal ends the
// process at once.

#include "util/result.hpp"

#include <chrono>
#include <functional>
#include <string>

namespace dpipe::util {

struct InterruptError {
    std::string message;
};

// Installs the SIGINT/SIGTERM handlers and starts the watcher thread; idempotent (later calls
// return the first call's outcome). Fails when the pipe cannot be created.
Result<bool, InterruptError> install_interrupt_handler();

// Work for the watcher before _exit(130). Hooks run on the watcher thread, must be thread-safe
// and bounded in time, and their exceptions are ignored. Returns a handle for
// remove_interrupt_hook.
int add_interrupt_hook(std::function<void()> hook);
void remove_interrupt_hook(int handle);

// True once SIGINT/SIGTERM arrived (the watcher is running the hooks and will end the process
// with exit code 130).
bool interrupted();

// For a thread that notices an interruption (e.g. its database vanished): waits for the
// watcher to end the process with 130; ends it itself after `timeout`.
[[noreturn]] void
wait_for_interrupt_cleanup(std::chrono::seconds timeout = std::chrono::seconds(30));

} // namespace dpipe::util
