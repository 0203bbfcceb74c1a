#include "lint/context.hpp"

#include "core/source_map.hpp"
#include "util/strings.hpp"

namespace dpipe::lint {

core::SourceLoc SqlUnit::locate_rendered(std::size_t offset) const {
    if (rendered == nullptr) {
        return locate_raw(offset);
    }
    core::SourceLoc loc = core::locate(*rendered, offset, path);
    loc.file = path;
    return loc;
}

core::SourceLoc SqlUnit::locate_raw(std::size_t offset) const {
    util::LineCol lc = util::line_col_at(raw, std::min(offset, raw.size()));
    return {path, lc.line, lc.col};
}

bool SqlUnit::literal_span(std::size_t begin, std::size_t end, std::size_t& raw_begin) const {
    if (rendered == nullptr || end < begin || end > rendered->sql.size()) {
        return false;
    }
    const core::SourceMap& map = rendered->source_map;
    if (map.empty()) {
        // Rendered without a map: only a file without any Jinja renders to itself.
        if (has_jinja || rendered->sql != raw.substr(0, rendered->sql.size())) {
            return false;
        }
        raw_begin = begin;
        return true;
    }
    // The map's offsets are in the template normalised for line ends: equal to raw offsets only
    // when the file has no carriage return.
    if (raw.find('\r') != std::string_view::npos) {
        return false;
    }
    const auto& segs = map.segments();
    for (std::size_t i = 0; i < segs.size(); ++i) {
        std::size_t seg_begin = segs[i].out;
        std::size_t seg_end = i + 1 < segs.size() ? segs[i + 1].out : map.output_size();
        if (begin >= seg_begin && (begin < seg_end || (begin == seg_end && begin == end))) {
            if (!segs[i].literal || end > seg_end) {
                return false;
            }
            raw_begin = segs[i].src + (begin - seg_begin);
            return raw_begin + (end - begin) <= raw.size() &&
                   raw.substr(raw_begin, end - begin) == std::string_view(rendered->sql).substr(begin, end - begin);
        }
    }
    return false;
}

const project::ColumnLineage& Context::lineage() const {
    std::call_once(m_lineage_once, [this] {
        m_lineage = std::make_unique<project::ColumnLineage>(m_compute_lineage ? m_compute_lineage()
                                                                                : project::ColumnLineage{});
    });
    return *m_lineage;
}

bool Context::in_scope(std::string_view path) const { return !m_scope || m_scope(path); }

std::string_view Context::file_text(std::string_view path) const {
    for (const auto& f : m_text_files) {
        if (f.path == path) {
            return f.text;
        }
    }
    for (const auto& u : m_units) {
        if (u.path == path) {
            return u.raw;
        }
    }
    return {};
}

} // namespace dpipe::lint
