#pragma once
// Render and parse results by content, in memory and on disk.
//
// A key is a SHA-256 over everything known before a render that decides its result: the model's
// blob id and path, dpipe's build, the dialect and target, the vars, the blob ids of every macro
// file, and the relation the model itself renders to. What a render reads that is not known up
// front (the relation each ref() and source() resolved to, the environment variables read by
// env_var()) is recorded in the entry and checked on every lookup, so a hit is always a result the
// render would produce again. Secrets never reach the cache: environment values are stored as
// SHA-256 digests.
//
// On disk the cache is one pack file, `<dir>/render.pack`, read once at open and rewritten whole
// (temporary file, then rename) by save() when something changed, so two processes sharing a
// cache each see a complete pack: the last to save wins, nothing is ever half-written. A pack
// from another dpipe build is ignored; a corrupt or truncated entry is skipped (and everything
// after a truncation), counted, and the pack rewritten. The pack is kept under a size bound:
// entries used by this process first, then the most recently used.
//
// Thread-safe: find() and store() may be called from every render thread.

#include "core/diagnostic.hpp"
#include "core/project.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace dpipe::project {

struct RenderEntry {
    bool ok = true; // false: the render failed with diagnostics[0]
    core::Rendered rendered;
    std::vector<core::Diagnostic> diagnostics; // the render's own
    // Read during the render, checked on lookup: "ref:<name>" / "source:<a>.<b>" -> relation text,
    // and environment variable -> SHA-256 of its value ("" when unset).
    std::vector<std::pair<std::string, std::string>> relations;
    std::vector<std::pair<std::string, std::string>> env;
    // The render read a secret (an env_var() whose name looks secret): kept in memory only,
    // never written to disk, since its SQL may hold the value.
    bool holds_secret = false;
    // Parse stage: done, and what it said.
    bool parsed = false;
    std::vector<core::Diagnostic> parse_diagnostics;
};

struct CacheStats {
    std::size_t loaded = 0;  // entries read from disk
    std::size_t corrupt = 0; // entries (or a pack) skipped as corrupt, truncated or foreign
    std::size_t hits = 0;
    std::size_t misses = 0;
    std::size_t stored = 0;
};

class Cache {
public:
    // `dir` empty: in memory only. max_bytes bounds the pack on disk.
    explicit Cache(std::string dir = {}, std::uint64_t max_bytes = 256u << 20);

    // Reads the pack (nothing when absent). Never fails: a bad pack is counted and ignored.
    void open();
    // Writes the pack when this process added or found something to fix; false with a reason
    // when the folder cannot be written (the cache is an optimisation: callers may ignore it).
    bool save(std::string* error = nullptr);

    std::shared_ptr<const RenderEntry> find(const std::string& key);
    void store(const std::string& key, std::shared_ptr<const RenderEntry> entry);
    void note_hit() { ++m_hits; }
    void note_miss() { ++m_misses; }

    CacheStats stats() const;
    const std::string& dir() const { return m_dir; }

    // The identity of this dpipe build, part of every key and of the pack header.
    static const std::string& build_id();

private:
    struct Slot {
        std::shared_ptr<const RenderEntry> entry;
        std::uint64_t last_used = 0; // unix seconds
        bool used = false;           // found or stored by this process
    };

    std::string m_dir;
    std::uint64_t m_max_bytes;
    mutable std::mutex m_mutex;
    std::unordered_map<std::string, Slot> m_slots;
    bool m_dirty = false;
    std::size_t m_loaded = 0;
    std::size_t m_corrupt = 0;
    std::size_t m_stored = 0;
    std::atomic<std::size_t> m_hits{0};
    std::atomic<std::size_t> m_misses{0};
};

// Binary encoding of an entry (exposed for tests); decode returns nullptr for malformed bytes.
std::string encode_entry(const RenderEntry& e);
std::shared_ptr<RenderEntry> decode_entry(std::string_view bytes);

} // namespace dpipe::project
