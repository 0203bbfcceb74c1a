#pragma once
// Ephemeral database containers: a PostgreSQL container per test run that always disappears.
//
// Every container dpipe starts carries the labels below, so a later run can find and remove
// what a killed run left behind (sweep_stale), and is entered in a process-wide registry of
// live containers, so SIGINT/SIGTERM can remove them (install_interrupt_cleanup).

#include "core/source_loc.hpp"
#include "docker/client.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dpipe::docker {

inline constexpr const char* k_label_session = "dev.dpipe.session";
inline constexpr const char* k_label_pid = "dev.dpipe.pid";
inline constexpr const char* k_label_host = "dev.dpipe.host";
inline constexpr const char* k_label_expires = "dev.dpipe.expires"; // unix time, seconds

// `bytes` random bytes from the system's generator, as lower-case hex.
std::string random_hex(std::size_t bytes);
// A new session id: 12 lower-case hex characters.
std::string make_session_id();
// This machine's host name ("" when unknown).
std::string this_hostname();

struct EphemeralOptions {
    std::string image;         // any image keeping the official postgres image's contract
    core::SourceLoc image_loc; // where the image was configured; errors naming it point here
    std::string session_id;    // empty: make_session_id()
    std::string user = "dpipe";
    std::string database = "dpipe";
    std::chrono::seconds ttl{3600}; // after this a sweep may remove the container
    // Arguments to the server: durability is pointless for a database that is thrown away.
    std::vector<std::string> server_args{
        "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"};
    // POSTGRES_INITDB_ARGS: skipping initdb's fsync halves the start on a busy machine.
    std::string initdb_args = "--no-sync";
    bool pull_missing = true;               // pull the image when the daemon does not have it
    std::chrono::seconds start_timeout{30}; // until the port is published
};

// RAII: the constructor creates and starts the container (pulling the image when needed) and
// waits until its port is published; the destructor force-removes it unless keep() was called.
// Throws core::Error: ExitCode::Unavailable for daemon problems, an image that cannot be found
// or pulled (the message names the image, located at image_loc), or a container that exits at
// once (the message carries its last log lines). Not copyable or movable: its address is
// registered for interrupt cleanup.
class EphemeralDatabase {
  public:
    EphemeralDatabase(std::shared_ptr<Client> client, EphemeralOptions options);
    ~EphemeralDatabase();
    EphemeralDatabase(const EphemeralDatabase&) = delete;
    EphemeralDatabase& operator=(const EphemeralDatabase&) = delete;

    const std::string& container_id() const { return m_id; }
    const std::string& session_id() const { return m_options.session_id; }
    const std::string& image() const { return m_options.image; }
    std::string host() const { return "127.0.0.1"; }
    int port() const { return m_port; }
    const std::string& user() const { return m_options.user; }
    const std::string& password() const { return m_password; }
    const std::string& database() const { return m_options.database; }

    // Leaves the container running after destruction (dpipe test --keep).
    void keep() { m_keep = true; }
    bool kept() const { return m_keep; }

    // Removes the container now; throws on failure. The destructor then does nothing.
    void remove();

    // nullopt while the container runs; otherwise why it stopped, with its last log lines.
    // Suitable as the engine's AliveCheck.
    std::optional<std::string> stopped_reason();
    std::string logs(std::size_t tail);

  private:
    void start();
    void ensure_image();
    int wait_for_port();

    std::shared_ptr<Client> m_client;
    EphemeralOptions m_options;
    std::string m_password;
    std::string m_id;
    int m_port = 0;
    bool m_keep = false;
    bool m_removed = false;
};

} // namespace dpipe::docker
