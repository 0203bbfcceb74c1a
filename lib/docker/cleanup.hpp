#pragma once
// Removing containers whatever happens to the process.
//
// Normal exit and exceptions: EphemeralDatabase's destructor. SIGINT/SIGTERM: a signal handler
// may only call async-signal-safe functions, so it does nothing but write one byte to a pipe
// (the self-pipe trick); a watcher thread blocked on that pipe wakes up, refuses new
// registrations, force-removes every registered live container over its own HTTP request, and
// ends the process with _exit(130) (destructors are skipped on purpose: the containers are
// already gone). A third signal ends the process at once. SIGKILL cannot be caught: the next
// run's sweep_stale() removes containers whose owner process is gone or whose expiry passed.

#include "docker/client.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace dpipe::docker {

// The process-wide registry of live containers. register_live returns false once interrupt
// cleanup has begun (the caller must then remove the container itself).
bool register_live(const std::string& id, std::shared_ptr<Client> client);
void unregister_live(const std::string& id);
std::vector<std::string> live_containers();

// Force-removes every registered container (used by the watcher; callable directly). Errors
// are collected, not thrown. Returns the ids removed.
std::vector<std::string> remove_live_containers(std::vector<std::string>* errors = nullptr);

// Extra work for the watcher after the containers are removed and before _exit(130), such as
// dropping a run schema on a shared server over a connection of its own. Hooks run on the
// watcher thread, must be thread-safe and bounded in time, and their exceptions are ignored.
// Returns a handle for remove_interrupt_hook.
int add_interrupt_hook(std::function<void()> hook);
void remove_interrupt_hook(int handle);

// True once SIGINT/SIGTERM arrived (the watcher is removing containers and will end the
// process with exit code 130).
bool interrupted();

// For the main thread when it notices an interruption (e.g. its database vanished): waits for
// the watcher to finish and end the process with 130; ends it itself after `timeout`.
[[noreturn]] void wait_for_interrupt_cleanup(std::chrono::seconds timeout = std::chrono::seconds(30));

// Installs the SIGINT/SIGTERM handlers and starts the watcher thread; idempotent.
// Throws core::Error (Unavailable) when the pipe or thread cannot be created.
void install_interrupt_cleanup();

struct SweepResult {
    std::vector<std::string> removed;  // container ids
    std::vector<std::string> failures; // messages for containers that could not be removed
};

// Removes labelled containers left behind: those whose owner pid (dev.dpipe.pid) no longer
// exists on this host (dev.dpipe.host), and those whose expiry (dev.dpipe.expires) is at or
// before `now`, whatever their host. Containers registered live in this process are kept.
SweepResult
sweep_stale(Client& client,
            std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

} // namespace dpipe::docker
