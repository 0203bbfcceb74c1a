#include "docker/cleanup.hpp"

#include "core/error.hpp"
#include "docker/ephemeral.hpp"
#include "util/interrupt.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <mutex>

namespace dpipe::docker {

namespace {

struct Registry {
    std::mutex mutex;
    std::map<std::string, std::shared_ptr<Client>> live;
    bool closing = false;
};

Registry& registry() {
    static Registry* r = new Registry(); // never destroyed: the watcher may outlive statics
    return *r;
}

// The interrupt hook: registrations are refused from now on; a few passes cover containers
// registered while the first pass ran.
void remove_on_interrupt() {
    {
        std::lock_guard<std::mutex> lock(registry().mutex);
        registry().closing = true;
    }
    for (int pass = 0; pass < 3 && !live_containers().empty(); ++pass) {
        remove_live_containers();
    }
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

void install_interrupt_cleanup() {
    auto installed = util::install_interrupt_handler();
    if (!installed) {
        throw core::Error(core::ExitCode::Unavailable, installed.error().message);
    }
    static std::once_flag once;
    std::call_once(once, [] { util::add_interrupt_hook(remove_on_interrupt); });
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
