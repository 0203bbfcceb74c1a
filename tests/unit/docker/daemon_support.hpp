#pragma once
// Shared by the real-daemon tests: find the daemon or report the test as skipped.
// Without a daemon a test prints "SKIPPED: no Docker daemon" (CTest maps that line to the
// Skipped state) and returns, unless DPIPE_REQUIRE_DOCKER=1, where it fails instead.

#include "core/error.hpp"
#include "docker/client.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

namespace dpipe::docker::testing {

inline bool docker_required() {
    const char* v = std::getenv("DPIPE_REQUIRE_DOCKER");
    return v != nullptr && std::string(v) == "1";
}

inline std::string test_image() {
    const char* v = std::getenv("DPIPE_TEST_IMAGE");
    return v != nullptr && *v != '\0' ? v : "dpipe-test/postgres:15";
}

// A client for the configured daemon with the test image present, or nullptr after reporting
// the skip (or failing when Docker is required).
inline std::shared_ptr<Client> daemon_or_skip() {
    std::string why;
    std::shared_ptr<Client> client;
    try {
        client = Client::from_env();
        client->ping();
        if (client->inspect_image(test_image())) {
            return client;
        }
        why = "the Docker daemon has no image " + test_image() + " (run tests/docker/build-image)";
    } catch (const core::Error& e) {
        why = std::string("the Docker daemon is unreachable: ") + e.what();
    }
    if (docker_required()) {
        FAIL("DPIPE_REQUIRE_DOCKER=1 but " << why);
    }
    // CTest's SKIP_REGULAR_EXPRESSION matches this line.
    std::cout << "SKIPPED: no Docker daemon: " << why << std::endl;
    WARN("SKIPPED: no Docker daemon: " << why);
    return nullptr;
}

} // namespace dpipe::docker::testing
