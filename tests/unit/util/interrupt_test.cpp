#include "util/interrupt.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace dpipe;

namespace {

// Runs `body` in a child process and returns its exit status (-1 when it did not exit).
template <typename F> int in_child(F body) {
    pid_t pid = fork();
    if (pid == 0) {
        body();
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace

TEST_CASE("SIGINT runs the hooks in order, then ends the process with 130") {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    int code = in_child([&] {
        close(fds[0]);
        if (!util::install_interrupt_handler() || !util::install_interrupt_handler()) {
            _exit(3);
        }
        auto say = [&](const char* what) {
            return [&fds, what] { [[maybe_unused]] auto n = write(fds[1], what, 1); };
        };
        util::add_interrupt_hook(say("a"));
        int removed = util::add_interrupt_hook(say("x"));
        util::add_interrupt_hook([] { throw 1; }); // ignored: the next hook still runs
        util::add_interrupt_hook(say("b"));
        util::remove_interrupt_hook(removed);
        if (util::interrupted()) {
            _exit(4);
        }
        std::raise(SIGINT);
        std::this_thread::sleep_for(std::chrono::seconds(20));
        _exit(5); // the watcher should have ended the process long before
    });
    close(fds[1]);
    std::string seen;
    char c = 0;
    while (read(fds[0], &c, 1) == 1) {
        seen += c;
    }
    close(fds[0]);
    CHECK(code == 130);
    CHECK(seen == "ab");
}

TEST_CASE("SIGTERM is handled like SIGINT") {
    int code = in_child([] {
        if (!util::install_interrupt_handler()) {
            _exit(3);
        }
        std::raise(SIGTERM);
        std::this_thread::sleep_for(std::chrono::seconds(20));
        _exit(5);
    });
    CHECK(code == 130);
}
