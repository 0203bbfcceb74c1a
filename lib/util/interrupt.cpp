#include "util/interrupt.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>

namespace dpipe::util {

namespace {

struct Hooks {
    std::mutex mutex;
    std::map<int, std::function<void()>> by_handle; // handles grow: map order is adding order
    int next = 1;
};

Hooks& hooks() {
    static Hooks* h = new Hooks(); // never destroyed: the watcher may outlive statics
    return *h;
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
    std::map<int, std::function<void()>> snapshot;
    {
        std::lock_guard<std::mutex> lock(hooks().mutex);
        snapshot = hooks().by_handle;
    }
    for (auto& [handle, hook] : snapshot) {
        try {
            hook();
        } catch (...) {
            // The process is ending; a failed hook must not keep the others from running.
        }
    }
    _exit(130);
}

} // namespace

Result<bool, InterruptError> install_interrupt_handler() {
    static std::once_flag once;
    static std::string failure;
    std::call_once(once, [] {
        if (pipe(g_pipe) != 0) {
            failure = "cannot create the interrupt pipe: " + std::string(std::strerror(errno));
            return;
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
    if (!failure.empty()) {
        return unexpected(InterruptError{failure});
    }
    return true;
}

int add_interrupt_hook(std::function<void()> hook) {
    std::lock_guard<std::mutex> lock(hooks().mutex);
    int handle = hooks().next++;
    hooks().by_handle[handle] = std::move(hook);
    return handle;
}

void remove_interrupt_hook(int handle) {
    std::lock_guard<std::mutex> lock(hooks().mutex);
    hooks().by_handle.erase(handle);
}

bool interrupted() { return g_signals > 0; }

void wait_for_interrupt_cleanup(std::chrono::seconds timeout) {
    std::this_thread::sleep_for(timeout);
    _exit(130);
}

} // namespace dpipe::util
