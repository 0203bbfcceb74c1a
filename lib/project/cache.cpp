#include "project/cache.hpp"

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

constexpr std::string_view k_magic = "DPIPE-RENDER-CACHE\n";
constexpr std::uint32_t k_format = 2;
constexpr std::uint64_t k_max_pack_bytes = 1ull << 32; // a larger file is not ours

std::uint64_t now_seconds() {
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

class Writer {
public:
    void u8(std::uint8_t v) { m_out.push_back(static_cast<char>(v)); }
    void u32(std::uint32_t v) {
        for (int i = 0; i < 4; ++i) {
            m_out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
        }
    }
    void u64(std::uint64_t v) {
        for (int i = 0; i < 8; ++i) {
            m_out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
        }
    }
    void str(std::string_view s) {
        u32(static_cast<std::uint32_t>(s.size()));
        m_out.append(s);
    }
    void loc(const core::SourceLoc& l) {
        str(l.file);
        u32(static_cast<std::uint32_t>(l.line));
        u32(static_cast<std::uint32_t>(l.col));
    }
    void diag(const core::Diagnostic& d) {
        u8(static_cast<std::uint8_t>(d.severity));
        str(d.code);
        loc(d.loc);
        str(d.message);
        u32(static_cast<std::uint32_t>(d.notes.size()));
        for (const auto& n : d.notes) {
            str(n);
        }
    }
    void diags(const std::vector<core::Diagnostic>& ds) {
        u32(static_cast<std::uint32_t>(ds.size()));
        for (const auto& d : ds) {
            diag(d);
        }
    }
    void pairs(const std::vector<std::pair<std::string, std::string>>& ps) {
        u32(static_cast<std::uint32_t>(ps.size()));
        for (const auto& [a, b] : ps) {
            str(a);
            str(b);
        }
    }
    std::string take() { return std::move(m_out); }

private:
    std::string m_out;
};

// Bounds-checked reads; any overrun sets failed() and yields zero values from then on.
class Reader {
public:
    explicit Reader(std::string_view in) : m_in(in) {}
    bool failed() const { return m_failed; }
    bool at_end() const { return m_pos == m_in.size(); }
    std::size_t pos() const { return m_pos; }

    std::uint8_t u8() {
        if (!need(1)) {
            return 0;
        }
        return static_cast<std::uint8_t>(m_in[m_pos++]);
    }
    std::uint32_t u32() {
        if (!need(4)) {
            return 0;
        }
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            v |= static_cast<std::uint32_t>(static_cast<unsigned char>(m_in[m_pos++])) << (8 * i);
        }
        return v;
    }
    std::uint64_t u64() {
        if (!need(8)) {
            return 0;
        }
        std::uint64_t v = 0;
        for (int i = 0; i < 8; ++i) {
            v |= static_cast<std::uint64_t>(static_cast<unsigned char>(m_in[m_pos++])) << (8 * i);
        }
        return v;
    }
    std::string_view view() {
        std::uint32_t n = u32();
        if (!need(n)) {
            return {};
        }
        std::string_view s = m_in.substr(m_pos, n);
        m_pos += n;
        return s;
    }
    std::string str() { return std::string(view()); }
    core::SourceLoc loc() {
        core::SourceLoc l;
        l.file = str();
        l.line = static_cast<int>(u32());
        l.col = static_cast<int>(u32());
        return l;
    }
    // A count of items that each take at least `min_bytes`: refuses counts the input cannot hold.
    std::uint32_t count(std::size_t min_bytes) {
        std::uint32_t n = u32();
        if (min_bytes > 0 && n > (m_in.size() - m_pos) / min_bytes) {
            m_failed = true;
            return 0;
        }
        return n;
    }
    core::Diagnostic diag() {
        core::Diagnostic d;
        std::uint8_t sev = u8();
        if (sev > static_cast<std::uint8_t>(core::Severity::Error)) {
            m_failed = true;
        }
        d.severity = static_cast<core::Severity>(sev);
        d.code = str();
        d.loc = loc();
        d.message = str();
        std::uint32_t n = count(4);
        for (std::uint32_t i = 0; i < n && !m_failed; ++i) {
            d.notes.push_back(str());
        }
        return d;
    }
    std::vector<core::Diagnostic> diags() {
        std::vector<core::Diagnostic> out;
        std::uint32_t n = count(17);
        for (std::uint32_t i = 0; i < n && !m_failed; ++i) {
            out.push_back(diag());
        }
        return out;
    }
    std::vector<std::pair<std::string, std::string>> pairs() {
        std::vector<std::pair<std::string, std::string>> out;
        std::uint32_t n = count(8);
        for (std::uint32_t i = 0; i < n && !m_failed; ++i) {
            std::string a = str();
            out.emplace_back(std::move(a), str());
        }
        return out;
    }

private:
    bool need(std::size_t n) {
        if (m_failed || n > m_in.size() - m_pos) {
            m_failed = true;
            return false;
        }
        return true;
    }

    std::string_view m_in;
    std::size_t m_pos = 0;
    bool m_failed = false;
};

std::string pack_path(const std::string& dir) { return (fs::path(dir) / "render.pack").string(); }

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

void Cache::open() {
    if (m_dir.empty()) {
        return;
    }
    std::error_code ec;
    std::string path = pack_path(m_dir);
    if (!fs::exists(path, ec)) {
        return;
    }
    auto data = util::read_file(path, k_max_pack_bytes);
    std::lock_guard lock(m_mutex);
    if (!data) {
        ++m_corrupt;
        m_dirty = true;
        return;
    }
    std::string_view in = *data;
    if (in.substr(0, k_magic.size()) != k_magic) {
        ++m_corrupt;
        m_dirty = true;
        return;
    }
    Reader rd(in.substr(k_magic.size()));
    if (rd.str() != build_id()) {
        // Another dpipe build wrote it: its results may differ from ours.
        m_dirty = true;
        return;
    }
    std::uint32_t n = rd.u32();
    for (std::uint32_t i = 0; i < n; ++i) {
        std::string key = rd.str();
        std::uint64_t last_used = rd.u64();
        std::string_view payload = rd.view();
        std::uint64_t sum = rd.u64();
        if (rd.failed()) {
            ++m_corrupt; // truncated: nothing after this point can be trusted
            m_dirty = true;
            break;
        }
        std::shared_ptr<RenderEntry> e;
        if (util::fnv1a64(payload) == sum && key.size() == 64) {
            e = decode_entry(payload);
        }
        if (!e) {
            ++m_corrupt;
            m_dirty = true;
            continue;
        }
        m_slots[key] = Slot{std::move(e), last_used, false};
        ++m_loaded;
    }
}

bool Cache::save(std::string* error) {
    if (m_dir.empty()) {
        return true;
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
    Writer body;
    std::uint32_t count = 0;
    std::string entries;
    std::uint64_t size = 0;
    for (const auto& [key, slot] : order) {
        if (slot->entry->holds_secret) {
            continue;
        }
        std::string payload = encode_entry(*slot->entry);
        std::uint64_t entry_size = key->size() + payload.size() + 24;
        if (size + entry_size > m_max_bytes) {
            continue; // over the bound: older entries go first
        }
        size += entry_size;
        Writer w;
        w.str(*key);
        w.u64(slot->used ? now : slot->last_used);
        w.str(payload);
        w.u64(util::fnv1a64(payload));
        entries += w.take();
        ++count;
    }
    body.str(build_id());
    body.u32(count);
    std::string out(k_magic);
    out += body.take();
    out += entries;
    std::error_code ec;
    fs::create_directories(m_dir, ec);
    auto w = util::write_file_atomic(pack_path(m_dir), out);
    if (!w) {
        if (error) {
            *error = w.error().message;
        }
        return false;
    }
    m_dirty = false;
    return true;
}

std::shared_ptr<const RenderEntry> Cache::find(const std::string& key) {
    std::lock_guard lock(m_mutex);
    auto it = m_slots.find(key);
    if (it == m_slots.end()) {
        return nullptr;
    }
    if (!it->second.used) {
        it->second.used = true;
        // Its last-used time moves forward; worth rewriting the pack for only once a day.
        if (now_seconds() > it->second.last_used + 24 * 3600) {
            m_dirty = true;
        }
    }
    return it->second.entry;
}

void Cache::store(const std::string& key, std::shared_ptr<const RenderEntry> entry) {
    std::lock_guard lock(m_mutex);
    m_slots[key] = Slot{std::move(entry), now_seconds(), true};
    m_dirty = true;
    ++m_stored;
}

CacheStats Cache::stats() const {
    std::lock_guard lock(m_mutex);
    return {m_loaded, m_corrupt, m_hits.load(), m_misses.load(), m_stored};
}

} // namespace dpipe::project
