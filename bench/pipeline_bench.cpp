// Times the staged pipeline of `dpipe ls` (load, render + parse, graph, cache save) on a project
// folder, without the listing: `pipeline_bench DIR [--no-cache]` prints the stage times, the
// cache's hits and misses, a digest of what was loaded and rendered (equal digests: a warm run
// built what a cold one did) and the peak resident set on stderr.
#include "project/cache.hpp"
#include "project/snapshot.hpp"
#include "util/file_source.hpp"
#include "util/hash.hpp"
#include "util/resources.hpp"
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <unistd.h>

#ifdef DPIPE_WITH_MIMALLOC
#include <mimalloc.h>
#endif

using namespace dpipe;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: pipeline_bench DIR [--no-cache]\n");
        return 2;
    }
#ifdef DPIPE_WITH_MIMALLOC
    mi_option_enable(mi_option_large_os_pages); // as the dpipe binary does (cmd/dpipe/main.cpp)
#endif
    std::string root = argv[1];
    bool use_cache = argc < 3 || std::strcmp(argv[2], "--no-cache") != 0;
    auto t0 = std::chrono::steady_clock::now();
    auto src = std::make_unique<util::WorktreeSource>(root);
    std::unique_ptr<project::Cache> cache;
    if (use_cache) {
        cache = std::make_unique<project::Cache>(root + "/.dpipe/cache");
        cache->open();
        src->set_id_memo(&cache->file_ids());
    }
    double open_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    project::Request req;
    req.source = src.get();
    req.root = root;
    req.cache = cache.get();
    auto* s = new project::Snapshot(project::build(req));
    auto t1 = std::chrono::steady_clock::now();
    if (cache) {
        cache->save();
    }
    double save_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    std::string digest;
    for (const auto& m : s->project.models) {
        digest += m.name + m.description + m.config.dump() + m.rendered.sql + std::to_string(m.tests.size()) +
                  std::to_string(m.columns.size());
    }
    for (const auto& d : s->diagnostics) {
        digest += d.headline();
    }
    std::fprintf(stderr, "open %.3f", open_s);
    for (auto& [k, v] : s->timings) {
        std::fprintf(stderr, " %s %.3f", k.c_str(), v);
    }
    std::fprintf(stderr, " save %.3f", save_s);
    if (cache) {
        auto st = cache->stats();
        std::fprintf(stderr, " renders %zu/%zu files %zu/%zu corrupt %zu", st.hits, st.misses, st.record_hits,
                     st.record_misses, st.corrupt);
    }
    std::fprintf(stderr, " nodes %zu digest %s rss %zuMB\n", s->graph.size(), util::sha256_hex(digest).substr(0, 12).c_str(),
                 static_cast<std::size_t>(util::peak_rss_bytes() >> 20));
    std::fflush(stderr);
    _exit(0); // the snapshot is not freed one allocation at a time
}
