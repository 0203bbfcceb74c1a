// Fault-test helper: starts an ephemeral database with interrupt cleanup installed, then
// raises SIGINT at itself. Expected: the watcher removes the container and exits with 130.
// Usage: sigint_probe SESSION_ID IMAGE. Exit 1 if the process survives the signal.

#include "docker/cleanup.hpp"
#include "docker/ephemeral.hpp"

#include <csignal>
#include <cstdio>
#include <exception>
#include <thread>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: sigint_probe SESSION_ID IMAGE\n");
        return 2;
    }
    try {
        dpipe::docker::install_interrupt_cleanup();
        dpipe::docker::EphemeralOptions options;
        options.session_id = argv[1];
        options.image = argv[2];
        options.pull_missing = false;
        dpipe::docker::EphemeralDatabase db(dpipe::docker::Client::from_env(), options);
        std::printf("container %s on port %d\n", db.container_id().c_str(), db.port());
        std::fflush(stdout);
        std::raise(SIGINT);
        // The watcher thread ends the process; getting past this wait is the failure.
        std::this_thread::sleep_for(std::chrono::seconds(60));
        std::fprintf(stderr, "sigint_probe: still alive 60s after SIGINT\n");
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "sigint_probe: %s\n", e.what());
        return 3;
    }
}
