// Stand-ins for the Context and SqlUnit functions the lint engine defines, so the rule tests link
// before and without it. They are weak: once lib/lint defines them, the library's versions win.

#include "core/source_map.hpp"
#include "lint/context.hpp"

#include <algorithm>

#define DPIPE_WEAK __attribute__((weak))

namespace dpipe::lint {

namespace {

core::SourceLoc loc_of(const std::string& path, std::string_view text, std::size_t offset) {
    core::SourceLoc loc{path, 1, 1};
    offset = std::min(offset, text.size());
    std::size_t start = 0;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++loc.line;
            start = i + 1;
        }
    }
    loc.col = static_cast<int>(offset - start) + 1;
    return loc;
}

} // namespace

DPIPE_WEAK core::SourceLoc SqlUnit::locate_rendered(std::size_t offset) const {
    if (rendered == nullptr) {
        return core::SourceLoc{path, 0, 0};
    }
    if (rendered->source_map.empty()) {
        return loc_of(path, rendered->sql, offset);
    }
    core::SourceLoc loc = rendered->source_map.locate(offset);
    loc.file = path;
    return loc;
}

DPIPE_WEAK core::SourceLoc SqlUnit::locate_raw(std::size_t offset) const { return loc_of(path, raw, offset); }

DPIPE_WEAK bool SqlUnit::literal_span(std::size_t begin, std::size_t end, std::size_t& raw_begin) const {
    if (rendered == nullptr || end < begin) {
        return false;
    }
    const auto& map = rendered->source_map;
    if (map.empty()) {
        if (has_jinja) {
            return false;
        }
        raw_begin = begin;
        return true;
    }
    const auto& segs = map.segments();
    for (std::size_t i = 0; i < segs.size(); ++i) {
        std::size_t seg_end = i + 1 < segs.size() ? segs[i + 1].out : map.output_size();
        if (begin >= segs[i].out && begin < seg_end) {
            if (!segs[i].literal || end > seg_end) {
                return false;
            }
            raw_begin = segs[i].src + (begin - segs[i].out);
            return true;
        }
    }
    return false;
}

DPIPE_WEAK const project::ColumnLineage& Context::lineage() const {
    std::call_once(m_lineage_once,
                   [this] { m_lineage = std::make_unique<project::ColumnLineage>(m_compute_lineage()); });
    return *m_lineage;
}

DPIPE_WEAK bool Context::in_scope(std::string_view path) const { return !m_scope || m_scope(path); }

DPIPE_WEAK std::string_view Context::file_text(std::string_view path) const {
    for (const auto& u : m_units) {
        if (u.path == path) {
            return u.raw;
        }
    }
    for (const auto& t : m_text_files) {
        if (t.path == path) {
            return t.text;
        }
    }
    return {};
}

} // namespace dpipe::lint
