#include "docker/ephemeral.hpp"

#include "docker/cleanup.hpp"

#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <random>
#include <thread>

namespace dpipe::docker {

namespace {

constexpr int k_db_port = 5432;
constexpr std::size_t k_log_tail = 30;

core::Error image_error(const EphemeralOptions& o, const std::string& why) {
    std::string msg = "cannot use the database image '" + o.image + "': " + why;
    std::vector<core::Diagnostic> diags;
    if (o.image_loc.valid()) {
        diags.push_back({core::Severity::Error, "DK001", o.image_loc, msg, {}});
    }
    core::Error e(core::ExitCode::Unavailable, msg, std::move(diags));
    e.hints.push_back("build or pull the image, or choose another with --image");
    return e;
}

} // namespace

std::string random_hex(std::size_t bytes) {
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string raw(bytes, '\0');
    std::size_t got = 0;
    if (FILE* f = std::fopen("/dev/urandom", "rb")) {
        got = std::fread(raw.data(), 1, bytes, f);
        std::fclose(f);
    }
    if (got < bytes) {
        std::random_device rd;
        for (std::size_t i = got; i < bytes; ++i) {
            raw[i] = static_cast<char>(rd() & 0xff);
        }
    }
    std::string out;
    out.reserve(bytes * 2);
    for (char c : raw) {
        auto b = static_cast<unsigned char>(c);
        out += k_hex[b >> 4];
        out += k_hex[b & 15];
    }
    return out;
}

std::string make_session_id() {
    return random_hex(6);
}

std::string this_hostname() {
    char buf[256] = {};
    if (gethostname(buf, sizeof buf - 1) != 0) {
        return {};
    }
    return buf;
}

EphemeralDatabase::EphemeralDatabase(std::shared_ptr<Client> client, EphemeralOptions options)
    : m_client(std::move(client)), m_options(std::move(options)), m_password(random_hex(16)) {
    if (m_options.session_id.empty()) {
        m_options.session_id = make_session_id();
    }
    start();
}

EphemeralDatabase::~EphemeralDatabase() {
    if (m_keep || m_removed || m_id.empty()) {
        return;
    }
    try {
        remove();
    } catch (const std::exception&) {
        // The daemon went away; the next run's sweep_stale() removes the container.
        unregister_live(m_id);
    }
}

void EphemeralDatabase::ensure_image() {
    if (!valid_image_ref(m_options.image)) {
        core::Error e = image_error(m_options, "not a valid image reference");
        throw core::Error(core::ExitCode::Usage, e.what(), e.diagnostics());
    }
    if (m_client->inspect_image(m_options.image)) {
        return;
    }
    if (!m_options.pull_missing) {
        throw image_error(m_options, "the Docker daemon has no such image");
    }
    try {
        m_client->pull_image(m_options.image);
    } catch (const ApiError& e) {
        throw image_error(m_options,
                          "not present locally and the pull failed: " + e.daemon_message());
    }
    if (!m_client->inspect_image(m_options.image)) {
        throw image_error(m_options, "the pull finished but the daemon still has no such image");
    }
}

void EphemeralDatabase::start() {
    ensure_image();
    auto expires = std::chrono::system_clock::now() + m_options.ttl;
    ContainerSpec spec;
    spec.image = m_options.image;
    spec.name = "dpipe-" + m_options.session_id + "-" + random_hex(3);
    spec.env = {"POSTGRES_USER=" + m_options.user, "POSTGRES_PASSWORD=" + m_password,
                "POSTGRES_DB=" + m_options.database};
    if (!m_options.initdb_args.empty()) {
        spec.env.push_back("POSTGRES_INITDB_ARGS=" + m_options.initdb_args);
    }
    if (!m_options.server_args.empty()) {
        spec.cmd.push_back("postgres");
        spec.cmd.insert(spec.cmd.end(), m_options.server_args.begin(), m_options.server_args.end());
    }
    spec.labels = {
        {k_label_session, m_options.session_id},
        {k_label_pid, std::to_string(getpid())},
        {k_label_host, this_hostname()},
        {k_label_expires,
         std::to_string(
             std::chrono::duration_cast<std::chrono::seconds>(expires.time_since_epoch()).count())},
    };
    spec.tcp_ports = {k_db_port};
    try {
        m_id = m_client->create_container(spec);
    } catch (const ApiError& e) {
        if (e.status() == 404) {
            throw image_error(m_options, e.daemon_message());
        }
        throw;
    }
    if (!register_live(m_id, m_client)) {
        m_client->remove_container(m_id);
        m_removed = true;
        throw core::Error(core::ExitCode::Interrupted, "interrupted while starting a database");
    }
    try {
        m_client->start_container(m_id);
        m_port = wait_for_port();
    } catch (...) {
        try {
            remove();
        } catch (const std::exception&) {
            unregister_live(m_id);
        }
        throw;
    }
}

int EphemeralDatabase::wait_for_port() {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + m_options.start_timeout;
    const std::string key = std::to_string(k_db_port) + "/tcp";
    for (;;) {
        ContainerInfo info = m_client->inspect_container(m_id);
        auto it = info.host_ports.find(key);
        if (info.running && it != info.host_ports.end() && it->second > 0) {
            return it->second;
        }
        if (!info.running && info.status != "created" && info.status != "restarting") {
            throw core::Error(core::ExitCode::Unavailable,
                              "the database container from '" + m_options.image +
                                  "' stopped at once: " + *stopped_reason());
        }
        if (Clock::now() >= deadline) {
            throw core::Error(core::ExitCode::Unavailable,
                              "the database container from '" + m_options.image +
                                  "' published no port for 5432 within " +
                                  std::to_string(m_options.start_timeout.count()) + "s");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

void EphemeralDatabase::remove() {
    if (m_removed || m_id.empty()) {
        return;
    }
    m_client->remove_container(m_id);
    m_removed = true;
    unregister_live(m_id);
}

std::optional<std::string> EphemeralDatabase::stopped_reason() {
    ContainerInfo info = m_client->inspect_container(m_id);
    if (info.running || info.status == "created" || info.status == "restarting") {
        return std::nullopt;
    }
    std::string out = "container " + m_id.substr(0, 12) + " is " + info.status + " (exit code " +
                      std::to_string(info.exit_code) + ")";
    if (!info.error.empty()) {
        out += ": " + info.error;
    }
    std::string tail;
    try {
        tail = logs(k_log_tail);
    } catch (const std::exception& e) {
        tail = std::string("(logs unavailable: ") + e.what() + ")";
    }
    if (!tail.empty()) {
        out += "; last log lines:\n" + tail;
    }
    return out;
}

std::string EphemeralDatabase::logs(std::size_t tail) {
    return m_client->logs(m_id, tail);
}

} // namespace dpipe::docker
