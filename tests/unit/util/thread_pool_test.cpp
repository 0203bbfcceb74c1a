#include "util/keep_until_exit.hpp"
#include "util/thread_pool.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using namespace dpipe::util;

TEST_CASE("parallel_for runs every item exactly once") {
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{10'000}}) {
        std::vector<std::atomic<int>> seen(n);
        parallel_for(n, [&](std::size_t i) { seen[i].fetch_add(1); });
        for (std::size_t i = 0; i < n; ++i) {
            REQUIRE(seen[i].load() == 1);
        }
    }
}

TEST_CASE("parallel_for with one job runs on the calling thread in order") {
    std::vector<std::size_t> order;
    std::thread::id caller = std::this_thread::get_id();
    bool elsewhere = false;
    parallel_for(
        50,
        [&](std::size_t i) {
            order.push_back(i); // no lock: only the caller may run items
            elsewhere = elsewhere || std::this_thread::get_id() != caller;
        },
        1);
    REQUIRE(order.size() == 50);
    for (std::size_t i = 0; i < order.size(); ++i) {
        CHECK(order[i] == i);
    }
    CHECK_FALSE(elsewhere);
}

TEST_CASE("parallel_for nested inside its own items completes") {
    // An outer loop whose items run inner loops on the same pool must not deadlock even when
    // every worker is busy with an outer item.
    std::atomic<std::size_t> total{0};
    parallel_for(
        16, [&](std::size_t) { parallel_for(64, [&](std::size_t j) { total.fetch_add(j + 1); }); });
    CHECK(total.load() == 16 * (64 * 65 / 2));
}

TEST_CASE("parallel_for called from several threads at once completes each call") {
    std::vector<std::thread> callers;
    std::vector<std::atomic<std::size_t>> sums(4);
    for (std::size_t c = 0; c < sums.size(); ++c) {
        callers.emplace_back(
            [&, c] { parallel_for(1000, [&](std::size_t i) { sums[c].fetch_add(i); }); });
    }
    for (auto& t : callers) {
        t.join();
    }
    for (auto& s : sums) {
        CHECK(s.load() == 999 * 1000 / 2);
    }
}

namespace {
struct Counted {
    static inline int alive = 0;
    bool owner = true;
    Counted() { ++alive; }
    Counted(Counted&& other) noexcept { other.owner = false; }
    Counted(const Counted&) = delete;
    Counted& operator=(const Counted&) = delete;
    Counted& operator=(Counted&&) = delete;
    ~Counted() {
        if (owner) {
            --alive;
        }
    }
};
} // namespace

TEST_CASE("keep_until_exit takes ownership and keeps or destroys as built") {
    Counted::alive = 0;
    {
        Counted c;
        keep_until_exit(std::move(c));
    }
#ifdef DPIPE_KEEP_UNTIL_EXIT_DESTROYS
    CHECK(Counted::alive == 0); // sanitizer builds see the normal lifetime
#else
    CHECK(Counted::alive == 1); // kept: never destroyed
#endif
}
