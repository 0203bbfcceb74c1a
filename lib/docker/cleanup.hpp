#pragma once
// Removing containers whatever happens to the process.
//
// Normal exit and exceptions: EphemeralDatabase's destructor. SIGINT/SIGTERM: the process-wide
// interrupt handling of util/interrupt.hpp; install_interrupt_cleanup adds a hook to it that
// refuses new registrations and force-removes every registered live container over its own
// HTTP request before the process ends with 130. SIGKILL cannot be caught: the next run's
// sweep_stale() removes containers whose owner process is gone or whose expiry passed.

#include "docker/client.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace dpipe::docker {

// The process-wide registry of live containers. register_live returns false once interrupt
// cleanup has begun (the caller must then remove the container itself).
bool register_live(const std::string& id, std::shared_ptr<Client> client);
void unregister_live(const std::string& id);
std::vector<std::string> live_containers();

// Force-removes every registered container (used by the interrupt hook; callable directly). Errors
// are collected, not thrown. Returns the ids removed.
std::vector<std::string> remove_live_containers(std::vector<std::string>* errors = nullptr);

// Installs the process's interrupt handling (util::install_interrupt_handler) and, once, the
// hook that removes the live containers; idempotent. Other cleanup work goes through
// util::add_interrupt_hook. Throws core::Error (Unavailable) when the handler cannot be set up.
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
