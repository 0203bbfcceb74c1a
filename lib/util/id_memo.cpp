#include "util/id_memo.hpp"

#include "util/bytes.hpp"
#include "util/hash.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

namespace dpipe::util {

namespace {

constexpr std::string_view k_magic = "DPIPE-FILE-IDS 1\n";

std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

std::optional<std::string> IdMemo::find(std::string_view path, const FileStamp& stamp) const {
    std::lock_guard lock(m_mutex);
    auto it = m_entries.find(std::string(path));
    if (it == m_entries.end() || !(it->second.stamp == stamp)) {
        return std::nullopt;
    }
    return it->second.id;
}

void IdMemo::remember(std::string_view path, const FileStamp& stamp, const std::string& id) {
    std::int64_t now = now_ns();
    if (stamp.mtime_ns > now - m_racy_ns) {
        return;
    }
    std::lock_guard lock(m_mutex);
    Entry& e = m_entries[std::string(path)];
    if (!(e.stamp == stamp) || e.id != id) {
        e.stamp = stamp;
        e.id = id;
        m_changed = true;
    }
}

std::string IdMemo::encode() const {
    std::lock_guard lock(m_mutex);
    std::vector<const std::pair<const std::string, Entry>*> order;
    order.reserve(m_entries.size());
    for (const auto& kv : m_entries) {
        order.push_back(&kv);
    }
    std::sort(order.begin(), order.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
    ByteWriter w;
    w.u32(static_cast<std::uint32_t>(order.size()));
    for (const auto* kv : order) {
        const Entry& e = kv->second;
        w.str(kv->first);
        w.u64(e.stamp.size);
        w.u64(static_cast<std::uint64_t>(e.stamp.mtime_ns));
        w.u64(static_cast<std::uint64_t>(e.stamp.ctime_ns));
        w.u64(e.stamp.inode);
        w.str(e.id);
    }
    std::string body = w.take();
    ByteWriter tail;
    tail.u64(checksum64(body));
    return std::string(k_magic) + body + tail.take();
}

bool IdMemo::decode(std::string_view bytes) {
    if (bytes.substr(0, k_magic.size()) != k_magic || bytes.size() < k_magic.size() + 8) {
        return false;
    }
    std::string_view body = bytes.substr(k_magic.size(), bytes.size() - k_magic.size() - 8);
    ByteReader sum(bytes.substr(bytes.size() - 8));
    if (checksum64(body) != sum.u64()) {
        return false;
    }
    ByteReader rd(body);
    std::unordered_map<std::string, Entry> entries;
    std::uint32_t n = rd.count(4 + 32 + 4);
    entries.reserve(n);
    for (std::uint32_t i = 0; i < n && !rd.failed(); ++i) {
        std::string path = rd.str();
        Entry e;
        e.stamp.size = rd.u64();
        e.stamp.mtime_ns = static_cast<std::int64_t>(rd.u64());
        e.stamp.ctime_ns = static_cast<std::int64_t>(rd.u64());
        e.stamp.inode = rd.u64();
        e.id = rd.str();
        entries.emplace(std::move(path), std::move(e));
    }
    if (rd.failed() || !rd.at_end()) {
        return false;
    }
    std::lock_guard lock(m_mutex);
    m_entries = std::move(entries);
    m_changed = false;
    return true;
}

bool IdMemo::changed() const {
    std::lock_guard lock(m_mutex);
    return m_changed;
}

std::size_t IdMemo::size() const {
    std::lock_guard lock(m_mutex);
    return m_entries.size();
}

} // namespace dpipe::util
