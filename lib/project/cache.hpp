#pragma once
// Results by content, in memory and on disk: the render and parse result of every model, and
// the per-file load records (load::RecordCache: parsed and validated property files, pipelines,
// seed headers), plus the blob ids of working-tree files by path and stat data.
//
// A render key is a SHA-256 over everything known before a render that decides its result: the
// model's blob id and path, dpipe's build, the dialect and target, the vars, the blob ids of every
// macro file, and the relation the model itself renders to. What a render reads that is not known
// up front (the relation each ref() and source() resolved to, the environment variables read by
// env_var()) is recorded in the entry and checked on every lookup, so a hit is always a result the
// render would produce again. Secrets never reach the cache: environment values are stored as
// SHA-256 digests. A load record's key is the loader's (file path, blob id, kind, limits).
//
// On disk the cache is one pack file, `<dir>/cache.pack`: a header naming the dpipe build, an
// index (key, kind, last use, offset, size, checksum of every entry), then the entries. open()
// maps the pack and reads only the index; an entry is checked and decoded when first asked for,
// so a run pays for the entries it uses. save() rewrites the pack whole (temporary file, then
// rename) when something changed, copying unchanged entries as they are, so two processes sharing
// a cache each see a complete pack: the last to save wins, nothing is ever half-written. A pack
// from another dpipe build is ignored; a corrupt or truncated entry (or index) is skipped,
// counted, and the pack rewritten. The pack is kept under a size bound: entries used by this
// process first, then the most recently used. The blob ids live beside it in `<dir>/files.idx`
// (util/id_memo.hpp).
//
// Thread-safe: find(), store(), find_record() and store_record() may be called from every thread.

#include "core/diagnostic.hpp"
#include "core/project.hpp"
#include "load/loader.hpp"
#include "util/id_memo.hpp"
#include "util/mapped_file.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
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
    std::size_t record_hits = 0; // per-file load records
    std::size_t record_misses = 0;
};

class Cache : public load::RecordCache {
public:
    // `dir` empty: in memory only. max_bytes bounds the pack on disk.
    explicit Cache(std::string dir = {}, std::uint64_t max_bytes = 256u << 20);

    // Maps the pack and reads its index (nothing when absent), and reads the blob ids. Never
    // fails: a bad pack is counted and ignored.
    void open();
    // Writes the pack when this process added or found something to fix, and the blob ids when
    // new ones were computed; false with a reason when the folder cannot be written (the cache
    // is an optimisation: callers may ignore it).
    bool save(std::string* error = nullptr);

    std::shared_ptr<const RenderEntry> find(const std::string& key);
    void store(const std::string& key, std::shared_ptr<const RenderEntry> entry);
    void note_hit() { ++m_hits; }
    void note_miss() { ++m_misses; }

    // Per-file load records (load::RecordCache).
    std::optional<std::string> find_record(const std::string& key) override;
    void store_record(const std::string& key, std::string bytes) override;

    // Blob ids of working-tree files, for util::WorktreeSource::set_id_memo.
    util::IdMemo& file_ids() { return m_ids; }
    // Drops the pack's pages read so far from the resident set: the pipeline calls it when a
    // stage has decoded what it needed (records after load, entries after render), so mapped
    // pages do not add to the peak of the stages after. Later reads page them in again.
    void release_pages() const;

    CacheStats stats() const;
    const std::string& dir() const { return m_dir; }

    // The identity of this dpipe build, part of every key and of the pack header.
    static const std::string& build_id();

private:
    enum class Kind : std::uint8_t { Render = 1, Record = 2 };
    struct Slot {
        Kind kind = Kind::Render;
        std::shared_ptr<const RenderEntry> entry;  // render: once decoded or stored
        std::shared_ptr<const std::string> record; // record: stored by this process
        std::string_view mapped;                   // the entry in the pack, until replaced
        std::uint64_t sum = 0;                     // checksum of `mapped`
        bool checked = false;                      // `mapped` matched its checksum
        std::uint64_t last_used = 0;               // unix seconds
        bool used = false;                         // found or stored by this process
    };
    // The slot's pack bytes when they match their checksum; else marks the slot bad (caller
    // holds the lock) and returns nullopt.
    std::optional<std::string_view> checked_bytes(const std::string& key, Slot& slot);
    void drop(const std::string& key);
    void touch(Slot& slot);

    std::string m_dir;
    std::uint64_t m_max_bytes;
    util::MappedFile m_pack;
    util::IdMemo m_ids;
    mutable std::mutex m_mutex;
    std::unordered_map<std::string, Slot> m_slots;
    bool m_dirty = false;
    std::size_t m_loaded = 0;
    std::size_t m_corrupt = 0;
    std::size_t m_stored = 0;
    std::atomic<std::size_t> m_hits{0};
    std::atomic<std::size_t> m_misses{0};
    std::size_t m_record_hits = 0;
    std::size_t m_record_misses = 0;
};

// Binary encoding of an entry (exposed for tests); decode returns nullptr for malformed bytes.
std::string encode_entry(const RenderEntry& e);
std::shared_ptr<RenderEntry> decode_entry(std::string_view bytes);

} // namespace dpipe::project
