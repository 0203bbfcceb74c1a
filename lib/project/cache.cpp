#include "project/cache.hpp"

#include "load/record.hpp"
#include "util/bytes.hpp"
#include "util/files.hpp"
#include "util/hash.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>

#ifndef DPIPE_VERSION
#define DPIPE_VERSION "dev"
#endif

namespace dpipe::project {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_magic = "DPIPE-CACHE-PACK\n";
constexpr std::uint32_t k_format = 5;
constexpr std::uint64_t k_max_pack_bytes = 1ull << 32; // a larger file is not ours

std::uint64_t now_seconds() {
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

// The pack's own encodings, on util's bounds-checked byte reader and writer.
class Writer : public util::ByteWriter {
public:
    void loc(const core::SourceLoc& l) {
        str(l.file);
        u32(static_cast<std::uint32_t>(l.line));
        u32(static_cast<std::uint32_t>(l.col));
    }
    void diags(const std::vector<core::Diagnostic>& ds) { load::write_diagnostics(*this, ds); }
    void pairs(const std::vector<std::pair<std::string, std::string>>& ps) {
        u32(static_cast<std::uint32_t>(ps.size()));
        for (const auto& [a, b] : ps) {
            str(a);
            str(b);
        }
    }
};

class Reader : public util::ByteReader {
public:
    using util::ByteReader::ByteReader;
    core::SourceLoc loc() {
        core::SourceLoc l;
        l.file = str();
        l.line = static_cast<int>(u32());
        l.col = static_cast<int>(u32());
        return l;
    }
    std::vector<core::Diagnostic> diags() { return load::read_diagnostics(*this); }
    std::vector<std::pair<std::string, std::string>> pairs() {
        std::vector<std::pair<std::string, std::string>> out;
        std::uint32_t n = count(8);
        for (std::uint32_t i = 0; i < n && !failed(); ++i) {
            std::string a = str();
            out.emplace_back(std::move(a), str());
        }
        return out;
    }
};

std::string pack_path(const std::string& dir) { return (fs::path(dir) / "cache.pack").string(); }
std::string ids_path(const std::string& dir) { return (fs::path(dir) / "files.idx").string(); }

} // namespace

const std::string& Cache::build_id() {
    // The build time is part of the identity: a rebuilt dpipe may render differently.
    static const std::string id = std::string("dpipe ") + DPIPE_VERSION + " " + __DATE__ + " " + __TIME__ +
                                  " format " + std::to_string(k_format);
    return id;
}

std::string encode_entry(const RenderEntry& e) {
    Writer w;
    w.u8(e.ok ? 1 : 0);
    const core::Rendered& r = e.rendered;
    w.u8(r.done ? 1 : 0);
    w.str(r.sql);
    w.u32(static_cast<std::uint32_t>(r.refs.size()));
    for (const auto& ref : r.refs) {
        w.str(ref.package);
        w.str(ref.name);
        w.str(ref.version);
        w.loc(ref.loc);
    }
    w.u32(static_cast<std::uint32_t>(r.sources.size()));
    for (const auto& s : r.sources) {
        w.str(s.source_name);
        w.str(s.table_name);
        w.loc(s.loc);
    }
    w.str(r.config.dump());
    w.str(r.content_hash);
    w.u8(r.reads_execute ? 1 : 0);
    const core::SourceMap& map = r.source_map;
    w.str(map.file());
    w.u64(map.source_size());
    w.u64(map.output_size());
    w.u32(static_cast<std::uint32_t>(map.line_starts().size()));
    for (std::uint32_t start : map.line_starts()) {
        w.u32(start);
    }
    w.u32(static_cast<std::uint32_t>(map.segments().size()));
    for (const auto& seg : map.segments()) {
        w.u32(seg.out);
        w.u32(seg.src);
        w.u8(seg.literal ? 1 : 0);
    }
    w.diags(e.diagnostics);
    w.pairs(e.relations);
    w.pairs(e.env);
    w.u8(e.holds_secret ? 1 : 0);
    w.u8(e.parsed ? 1 : 0);
    w.diags(e.parse_diagnostics);
    return w.take();
}

std::shared_ptr<RenderEntry> decode_entry(std::string_view bytes) {
    Reader rd(bytes);
    auto e = std::make_shared<RenderEntry>();
    e->ok = rd.u8() != 0;
    core::Rendered& r = e->rendered;
    r.done = rd.u8() != 0;
    r.sql = rd.str();
    std::uint32_t nrefs = rd.count(24);
    for (std::uint32_t i = 0; i < nrefs && !rd.failed(); ++i) {
        core::Ref ref;
        ref.package = rd.str();
        ref.name = rd.str();
        ref.version = rd.str();
        ref.loc = rd.loc();
        r.refs.push_back(std::move(ref));
    }
    std::uint32_t nsources = rd.count(20);
    for (std::uint32_t i = 0; i < nsources && !rd.failed(); ++i) {
        core::SourceCall s;
        s.source_name = rd.str();
        s.table_name = rd.str();
        s.loc = rd.loc();
        r.sources.push_back(std::move(s));
    }
    std::string_view config = rd.view();
    if (!rd.failed()) {
        r.config = core::Json::parse(config, nullptr, false);
        if (r.config.is_discarded() || !r.config.is_object()) {
            return nullptr;
        }
    }
    r.content_hash = rd.str();
    r.reads_execute = rd.u8() != 0;
    std::string map_file = rd.str();
    std::uint64_t source_size = rd.u64();
    std::uint64_t output_size = rd.u64();
    std::vector<std::uint32_t> line_starts(rd.count(4));
    for (auto& start : line_starts) {
        start = rd.u32();
    }
    std::vector<core::SourceMap::Segment> segments(rd.count(9));
    for (auto& seg : segments) {
        seg.out = rd.u32();
        seg.src = rd.u32();
        seg.literal = rd.u8() != 0;
    }
    if (!rd.failed() && !segments.empty() &&
        !r.source_map.assign(std::move(map_file), source_size, std::move(line_starts), std::move(segments),
                             output_size)) {
        return nullptr;
    }
    e->diagnostics = rd.diags();
    e->relations = rd.pairs();
    e->env = rd.pairs();
    e->holds_secret = rd.u8() != 0;
    e->parsed = rd.u8() != 0;
    e->parse_diagnostics = rd.diags();
    if (rd.failed() || !rd.at_end() || (!e->ok && e->diagnostics.empty())) {
        return nullptr;
    }
    return e;
}

Cache::Cache(std::string dir, std::uint64_t max_bytes) : m_dir(std::move(dir)), m_max_bytes(max_bytes) {}

// Pack layout: k_magic, str(build id), u32 count, then `count` index records (u8 kind, str key,
// u64 last used, u64 offset, u64 size, u64 checksum), u64 checksum of the index, then the
// entries, each at its offset from the end of the index.
void Cache::open() {
    if (m_dir.empty()) {
        return;
    }
    std::error_code ec;
    if (auto ids = util::read_file(ids_path(m_dir), k_max_pack_bytes); ids) {
        m_ids.decode(*ids); // bad bytes: start again, the ids are written anew on save
    }
    std::string path = pack_path(m_dir);
    if (!fs::exists(path, ec)) {
        m_dirty = fs::exists(fs::path(m_dir) / "render.pack", ec); // the old format's pack goes
        return;
    }
    std::lock_guard lock(m_mutex);
    auto corrupt = [&] {
        ++m_corrupt;
        m_dirty = true;
    };
    if (!m_pack.open(path, k_max_pack_bytes)) {
        corrupt();
        return;
    }
    std::string_view in = m_pack.bytes();
    if (in.substr(0, k_magic.size()) != k_magic) {
        corrupt();
        return;
    }
    Reader rd(in.substr(k_magic.size()));
    if (rd.str() != build_id()) {
        // Another dpipe build wrote it: its results may differ from ours.
        m_dirty = true;
        return;
    }
    std::size_t index_start = k_magic.size() + rd.pos();
    std::uint32_t n = rd.count(37);
    struct Item {
        Kind kind;
        std::string_view key;
        std::uint64_t last_used, offset, size, sum;
    };
    std::vector<Item> items;
    items.reserve(n);
    for (std::uint32_t i = 0; i < n && !rd.failed(); ++i) {
        Item it{};
        it.kind = static_cast<Kind>(rd.u8());
        it.key = rd.view();
        it.last_used = rd.u64();
        it.offset = rd.u64();
        it.size = rd.u64();
        it.sum = rd.u64();
        items.push_back(it);
    }
    std::size_t index_end = k_magic.size() + rd.pos();
    std::uint64_t index_sum = rd.u64();
    if (rd.failed() || util::checksum64(in.substr(index_start, index_end - index_start)) != index_sum) {
        corrupt(); // nothing in a broken index can be trusted
        return;
    }
    std::string_view area = in.substr(k_magic.size() + rd.pos());
    m_slots.reserve(items.size());
    for (const Item& it : items) {
        bool kind_ok = it.kind == Kind::Render || it.kind == Kind::Record;
        if (!kind_ok || it.key.size() != 64 || it.offset > area.size() || it.size > area.size() - it.offset) {
            corrupt(); // a truncated pack ends here
            continue;
        }
        Slot slot;
        slot.kind = it.kind;
        slot.mapped = area.substr(it.offset, it.size);
        slot.sum = it.sum;
        slot.last_used = it.last_used;
        m_slots.emplace(std::string(it.key), std::move(slot));
        ++m_loaded;
    }
}

std::optional<std::string_view> Cache::checked_bytes(const std::string& key, Slot& slot) {
    if (!slot.checked) {
        if (util::checksum64(slot.mapped) != slot.sum) {
            drop(key);
            return std::nullopt;
        }
        slot.checked = true;
    }
    return slot.mapped;
}

void Cache::drop(const std::string& key) {
    m_slots.erase(key);
    ++m_corrupt;
    m_dirty = true;
}

void Cache::touch(Slot& slot) {
    if (!slot.used) {
        slot.used = true;
        // Its last-used time moves forward; worth rewriting the pack for only once a day.
        if (now_seconds() > slot.last_used + 24 * 3600) {
            m_dirty = true;
        }
    }
}

void Cache::release_pages() const { m_pack.release_pages(); }

std::shared_ptr<const RenderEntry> Cache::find(const std::string& key) {
    std::string_view bytes;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_slots.find(key);
        if (it == m_slots.end() || it->second.kind != Kind::Render) {
            return nullptr;
        }
        touch(it->second);
        if (it->second.entry) {
            return it->second.entry;
        }
        auto checked = checked_bytes(key, it->second);
        if (!checked) {
            return nullptr;
        }
        bytes = *checked;
    }
    // Decoded outside the lock, so render threads decode in parallel; the mapping outlives them.
    // The decoded entry is not kept: its bytes stay in the pack (and are copied from there on
    // save), so the entry lives only as long as the caller holds it, instead of every decoded
    // entry living until exit. A second find of the same key decodes again.
    std::shared_ptr<const RenderEntry> e = decode_entry(bytes);
    if (!e) {
        std::lock_guard lock(m_mutex);
        if (auto it = m_slots.find(key); it != m_slots.end() && it->second.mapped.data() == bytes.data()) {
            drop(key);
        }
    }
    return e;
}

void Cache::store(const std::string& key, std::shared_ptr<const RenderEntry> entry) {
    std::lock_guard lock(m_mutex);
    Slot slot;
    slot.kind = Kind::Render;
    slot.entry = std::move(entry);
    slot.last_used = now_seconds();
    slot.used = true;
    m_slots[key] = std::move(slot);
    m_dirty = true;
    ++m_stored;
}

std::optional<std::string> Cache::find_record(const std::string& key) {
    std::lock_guard lock(m_mutex);
    auto it = m_slots.find(key);
    if (it == m_slots.end() || it->second.kind != Kind::Record) {
        ++m_record_misses;
        return std::nullopt;
    }
    touch(it->second);
    ++m_record_hits;
    if (it->second.record) {
        return *it->second.record;
    }
    auto bytes = checked_bytes(key, it->second);
    if (!bytes) {
        --m_record_hits;
        ++m_record_misses;
        return std::nullopt;
    }
    return std::string(*bytes);
}

void Cache::store_record(const std::string& key, std::string bytes) {
    std::lock_guard lock(m_mutex);
    Slot slot;
    slot.kind = Kind::Record;
    slot.record = std::make_shared<const std::string>(std::move(bytes));
    slot.last_used = now_seconds();
    slot.used = true;
    auto [it, inserted] = m_slots.insert_or_assign(key, std::move(slot));
    if (!inserted) {
        // Stored again: the loader could not decode what the pack held.
        ++m_corrupt;
    }
    m_dirty = true;
    ++m_stored;
}

bool Cache::save(std::string* error) {
    if (m_dir.empty()) {
        return true;
    }
    std::error_code ec;
    if (m_ids.changed()) {
        fs::create_directories(m_dir, ec);
        // Best effort: without it the next run hashes every file again, nothing worse.
        (void)util::write_file_atomic(ids_path(m_dir), m_ids.encode());
    }
    std::lock_guard lock(m_mutex);
    if (!m_dirty) {
        return true;
    }
    std::vector<std::pair<const std::string*, const Slot*>> order;
    order.reserve(m_slots.size());
    for (const auto& [key, slot] : m_slots) {
        order.emplace_back(&key, &slot);
    }
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
        if (a.second->used != b.second->used) {
            return a.second->used;
        }
        if (a.second->last_used != b.second->last_used) {
            return a.second->last_used > b.second->last_used;
        }
        return *a.first < *b.first;
    });
    std::uint64_t now = now_seconds();
    Writer index;
    std::string area;
    std::uint32_t count = 0;
    std::uint64_t size = 0;
    for (const auto& [key, slot] : order) {
        std::string encoded;
        std::string_view payload;
        if (slot->kind == Kind::Record) {
            payload = slot->record ? std::string_view(*slot->record) : slot->mapped;
        } else if (!slot->mapped.empty() || !slot->entry) {
            payload = slot->mapped; // unchanged since read: copied as it is
        } else {
            if (slot->entry->holds_secret) {
                continue;
            }
            encoded = encode_entry(*slot->entry);
            payload = encoded;
        }
        std::uint64_t entry_size = key->size() + payload.size() + 45;
        if (size + entry_size > m_max_bytes) {
            continue; // over the bound: older entries go first
        }
        size += entry_size;
        index.u8(static_cast<std::uint8_t>(slot->kind));
        index.str(*key);
        index.u64(slot->used ? now : slot->last_used);
        index.u64(area.size());
        index.u64(payload.size());
        index.u64(util::checksum64(payload));
        area += payload;
        ++count;
    }
    Writer head;
    head.str(build_id());
    head.u32(count);
    std::string index_bytes = index.take();
    std::string out(k_magic);
    out += head.take();
    std::string counted = out.substr(k_magic.size() + 4 + build_id().size()); // the count
    Writer sum;
    sum.u64(util::checksum64(counted + index_bytes));
    out += index_bytes;
    out += sum.take();
    out += area;
    fs::create_directories(m_dir, ec);
    auto w = util::write_file_atomic(pack_path(m_dir), out);
    if (!w) {
        if (error) {
            *error = w.error().message;
        }
        return false;
    }
    fs::remove(fs::path(m_dir) / "render.pack", ec);
    m_dirty = false;
    return true;
}

CacheStats Cache::stats() const {
    std::lock_guard lock(m_mutex);
    return {m_loaded, m_corrupt, m_hits.load(), m_misses.load(), m_stored, m_record_hits, m_record_misses};
}

} // namespace dpipe::project
