#include "util/thread_pool.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace dpipe::util {

namespace {

// One parallel_for call. Helpers hold it through a shared_ptr, so a helper that starts after
// the call returned finds every item claimed and leaves without touching `fn`.
struct Loop {
    const std::function<void(std::size_t)>* fn = nullptr;
    std::size_t n = 0;
    std::atomic<std::size_t> next{0};
    std::atomic<unsigned> in_flight{0}; // threads between claiming an item and finishing it
    std::mutex mutex;
    std::condition_variable idle;

    // Claims and runs items until none is left. An item claimed is always finished before
    // in_flight drops, and a claim made after the last item never calls fn.
    void run() {
        for (;;) {
            in_flight.fetch_add(1);
            std::size_t i = next.fetch_add(1);
            if (i >= n) {
                release();
                return;
            }
            (*fn)(i);
            release();
        }
    }

    void release() {
        if (in_flight.fetch_sub(1) == 1) {
            std::lock_guard lock(mutex);
            idle.notify_all();
        }
    }

    void wait_idle() {
        std::unique_lock lock(mutex);
        idle.wait(lock, [&] { return in_flight.load() == 0; });
    }
};

// The process's worker threads, started on first use and kept for its life, so that stages and
// the waves of a DAG walk do not create threads each time. Nested and concurrent calls are safe:
// a caller always works on its own loop and never waits for a helper that has not started.
class Pool {
public:
    static Pool& instance() {
        static Pool pool(default_jobs() > 1 ? default_jobs() - 1 : 0);
        return pool;
    }

    void submit(const std::shared_ptr<Loop>& loop, std::size_t helpers) {
        {
            std::lock_guard lock(m_mutex);
            for (std::size_t k = 0; k < helpers; ++k) {
                m_queue.push_back(loop);
            }
        }
        if (helpers == 1) {
            m_wake.notify_one();
        } else {
            m_wake.notify_all();
        }
    }

    std::size_t size() const { return m_threads.size(); }

    ~Pool() {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_all();
        for (auto& t : m_threads) {
            t.join();
        }
    }

private:
    explicit Pool(unsigned threads) {
        m_threads.reserve(threads);
        for (unsigned t = 0; t < threads; ++t) {
            m_threads.emplace_back([this] { serve(); });
        }
    }

    void serve() {
        for (;;) {
            std::shared_ptr<Loop> loop;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [&] { return m_stop || !m_queue.empty(); });
                if (m_queue.empty()) {
                    return; // stopping
                }
                loop = std::move(m_queue.front());
                m_queue.pop_front();
            }
            loop->run();
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::shared_ptr<Loop>> m_queue;
    bool m_stop = false;
    std::vector<std::thread> m_threads;
};

} // namespace

unsigned default_jobs() {
    unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : n;
}

void parallel_for(std::size_t n, const std::function<void(std::size_t)>& fn, unsigned jobs) {
    if (jobs == 0) {
        jobs = default_jobs();
    }
    std::size_t workers = std::min<std::size_t>(jobs, n);
    if (workers <= 1) {
        for (std::size_t i = 0; i < n; ++i) {
            fn(i);
        }
        return;
    }
    Pool& pool = Pool::instance();
    auto loop = std::make_shared<Loop>();
    loop->fn = &fn;
    loop->n = n;
    pool.submit(loop, std::min<std::size_t>(workers - 1, pool.size()));
    loop->run();
    loop->wait_idle();
}

} // namespace dpipe::util
