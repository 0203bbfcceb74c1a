#include "docker/cleanup.hpp"

#include "core/error.hpp"
#include "docker/ephemeral.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>

namespace dpipe::docker {

namespace {

struct Registry {
    std::mutex mutex;
    std::map<std::string, std::shared_ptr<Client>> live;
    std::map<int, std::function<void()>> hooks;
    int next_hook = 1;
    bool closing = false;
};

Registry& registry() {
    static Registry* r = new Registry(); // never destroyed: the watcher may outlive statics
    return *r;
}

// Written by the signal handler, read by the watcher thread.
int g_pipe[2] = {-1, -1};
volatile sig_atomic_t g_signals = 0;

extern "C" void on_interrupt(int) {
    int saved = errno;
    g_signals = g_signals + 1;
    if (g_signals >= 3) {
        _exit(130);
    }
    char byte = 1;
    // A full pipe already holds a wake-up byte, so a failed write loses nothing.
    [[maybe_unused]] ssize_t n = write(g_pipe[1], &byte, 1);
    errno = saved;
}

void watch() {
    char byte = 0;
    for (;;) {
        ssize_t n = read(g_pipe[0], &byte, 1);
        if (n == 1) {
            break;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        return; // the pipe is broken: nothing will ever wake us
    }
    {
        std::lock_guard<std::mutex> lock(registry().mutex);
        registry().closing = true;
    }
    // Registrations are refused from now on; a few passes cover containers registered while
    // the first pass ran.
    for (int pass = 0; pass < 3 && !live_containers().empty(); ++pass) {
        remove_live_containers();
    }
    std::map<int, std::function<void()>> hooks;
    {
        std::lock_guard<std::mutex> lock(registry().mutex);
        hooks = registry().hooks;
    }
    for (auto& [handle, hook] : hooks) {
        try {
            hook();
        } catch (...) {
            // The process is ending; a failed hook must not keep the others from running.
        }
    }
    _exit(130);
}

bool pid_alive(long pid) {
    if (pid <= 0) {
        return true; // unknown owner: leave the decision to the expiry
    }
    return kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

} // namespace

bool register_live(const std::string& id, std::shared_ptr<Client> client) {
    std::lock_guard<std::mutex> lock(registry().mutex);
    if (registry().closing) {
        return false;
    }
    registry().live[id] = std::move(client);
    return true;
}

void unregister_live(const std::string& id) {
    std::lock_guard<std::mutex> lock(registry().mutex);
    registry().live.erase(id);
}

std::vector<std::string> live_containers() {
    std::lock_guard<std::mutex> lock(registry().mutex);
    std::vector<std::string> out;
    for (const auto& [id, client] : registry().live) {
        out.push_back(id);
    }
    return out;
}

std::vector<std::string> remove_live_containers(std::vector<std::string>* errors) {
    std::map<std::string, std::shared_ptr<Client>> snapshot;
    {
        std::lock_guard<std::mutex> lock(registry().mutex);
        snapshot = registry().live;
    }
    std::vector<std::string> removed;
    for (const auto& [id, client] : snapshot) {
        try {
            client->remove_container(id);
            removed.push_back(id);
        } catch (const std::exception& e) {
            if (errors != nullptr) {
                errors->push_back(id.substr(0, 12) + ": " + e.what());
            }
        }
        unregister_live(id);
    }
    return removed;
}

int add_interrupt_hook(std::function<void()> hook) {
    std::lock_guard<std::mutex> lock(registry().mutex);
    int handle = registry().next_hook++;
    registry().hooks[handle] = std::move(hook);
    return handle;
}

void remove_interrupt_hook(int handle) {
    std::lock_guard<std::mutex> lock(registry().mutex);
    registry().hooks.erase(handle);
}

bool interrupted() { return g_signals > 0; }

void wait_for_interrupt_cleanup(std::chrono::seconds timeout) {
    std::this_thread::sleep_for(timeout);
    _exit(130);
}

void install_interrupt_cleanup() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (pipe(g_pipe) != 0) {
            throw core::Error(core::ExitCode::Unavailable, "cannot create the interrupt pipe: " +
                                                               std::string(std::strerror(errno)));
        }
        for (int fd : g_pipe) {
            fcntl(fd, F_SETFD, FD_CLOEXEC);
        }
        fcntl(g_pipe[1], F_SETFL, fcntl(g_pipe[1], F_GETFL) | O_NONBLOCK);
        std::thread(watch).detach();
        struct sigaction sa {};
        sa.sa_handler = on_interrupt;
        sigemptyset(&sa.sa_mask);
        // Other threads go on with their calls while the watcher cleans up.
        sa.sa_flags = SA_RESTART;
        sigaction(SIGINT, &sa, nullptr);
        sigaction(SIGTERM, &sa, nullptr);
    });
}

SweepResult sweep_stale(Client& client, std::chrono::system_clock::time_point now) {
    SweepResult result;
    const std::string host = this_hostname();
    const long now_s = static_cast<long>(
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
    std::vector<std::string> mine = live_containers();
    for (const ContainerSummary& c : client.list_containers({{k_label_session, std::nullopt}})) {
        if (std::find(mine.begin(), mine.end(), c.id) != mine.end()) {
            continue;
        }
        bool stale = false;
        auto exp = c.labels.find(k_label_expires);
        if (exp != c.labels.end()) {
            char* end = nullptr;
            long when = std::strtol(exp->second.c_str(), &end, 10);
            stale = end != exp->second.c_str() && *end == '\0' && when <= now_s;
        }
        auto h = c.labels.find(k_label_host);
        auto p = c.labels.find(k_label_pid);
        if (!stale && h != c.labels.end() && h->second == host && p != c.labels.end()) {
            char* end = nullptr;
            long pid = std::strtol(p->second.c_str(), &end, 10);
            bool parsed = end != p->second.c_str() && *end == '\0';
            stale = parsed && !pid_alive(pid);
        }
        if (!stale) {
            continue;
        }
        try {
            client.remove_container(c.id);
            result.removed.push_back(c.id);
        } catch (const std::exception& e) {
            result.failures.push_back(c.id.substr(0, 12) + ": " + e.what());
        }
    }
    return result;
}

} // namespace dpipe::docker
