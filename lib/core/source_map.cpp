#include "core/source_map.hpp"

#include "core/project.hpp"
#include "util/strings.hpp"

#include <algorithm>

namespace dpipe::core {

void SourceMap::reset(std::string file, std::string_view source) {
    m_file = std::move(file);
    m_source_size = source.size();
    m_segments.clear();
    m_out_size = 0;
    m_line_starts.clear();
    m_line_starts.push_back(0);
    for (std::size_t i = source.find('\n'); i != std::string_view::npos; i = source.find('\n', i + 1)) {
        m_line_starts.push_back(static_cast<std::uint32_t>(i + 1));
    }
}

bool SourceMap::assign(std::string file, std::size_t source_size, std::vector<std::uint32_t> line_starts,
                       std::vector<Segment> segments, std::size_t output_size) {
    bool ok = !line_starts.empty() && line_starts.front() == 0 &&
              std::is_sorted(line_starts.begin(), line_starts.end()) && line_starts.back() <= source_size;
    for (std::size_t i = 0; ok && i < segments.size(); ++i) {
        ok = segments[i].out < output_size && segments[i].src <= source_size &&
             (i == 0 ? segments[i].out == 0 : segments[i].out > segments[i - 1].out);
    }
    if (!ok) {
        *this = SourceMap();
        return false;
    }
    m_file = std::move(file);
    m_source_size = source_size;
    m_line_starts = std::move(line_starts);
    m_segments = std::move(segments);
    m_out_size = output_size;
    return true;
}

void SourceMap::add_literal(std::size_t len, std::size_t src) {
    add(len, src, true);
}

void SourceMap::add_generated(std::size_t len, std::size_t src) {
    add(len, src, false);
}

void SourceMap::add(std::size_t len, std::size_t src, bool literal) {
    if (len == 0) {
        return;
    }
    if (!m_segments.empty()) {
        const Segment& last = m_segments.back();
        // A literal continuing the previous literal in the template, or more output of the
        // same tag, extends the last segment.
        bool continues = last.literal == literal &&
                         (literal ? last.src + (m_out_size - last.out) == src : last.src == src);
        if (continues) {
            m_out_size += len;
            return;
        }
    }
    m_segments.push_back({static_cast<std::uint32_t>(m_out_size), static_cast<std::uint32_t>(src), literal});
    m_out_size += len;
}

std::size_t SourceMap::source_offset(std::size_t out) const {
    if (m_segments.empty()) {
        return 0;
    }
    if (m_out_size > 0 && out >= m_out_size) {
        out = m_out_size - 1;
    }
    auto it = std::upper_bound(m_segments.begin(), m_segments.end(), out,
                               [](std::size_t o, const Segment& s) { return o < s.out; });
    const Segment& seg = *(it == m_segments.begin() ? it : std::prev(it));
    std::size_t src = seg.src;
    if (seg.literal && out > seg.out) {
        src += out - seg.out;
    }
    if (m_source_size == 0) {
        return 0;
    }
    return std::min(src, m_source_size - 1);
}

SourceLoc SourceMap::locate(std::size_t out) const {
    std::size_t src = source_offset(out);
    auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), src);
    std::size_t line = static_cast<std::size_t>(it - m_line_starts.begin()); // 1-based
    std::size_t start = line == 0 ? 0 : m_line_starts[line - 1];
    return {m_file, static_cast<int>(std::max<std::size_t>(line, 1)), static_cast<int>(src - start + 1)};
}

SourceLoc locate(const Rendered& rendered, std::size_t offset, const std::string& fallback_file) {
    if (!rendered.source_map.empty()) {
        return rendered.source_map.locate(offset);
    }
    auto lc = util::line_col_at(rendered.sql, offset);
    return {fallback_file, lc.line, lc.col};
}

SourceLoc relocate(const Rendered& rendered, const SourceLoc& rendered_loc) {
    if (rendered.source_map.empty() || rendered_loc.line <= 0) {
        return rendered_loc;
    }
    // Back from line:col to an offset of the rendered text.
    std::string_view sql = rendered.sql;
    std::size_t start = 0;
    for (int l = 1; l < rendered_loc.line; ++l) {
        std::size_t nl = sql.find('\n', start);
        if (nl == std::string_view::npos) {
            start = sql.size();
            break;
        }
        start = nl + 1;
    }
    std::size_t col = rendered_loc.col > 0 ? static_cast<std::size_t>(rendered_loc.col - 1) : 0;
    return rendered.source_map.locate(std::min(start + col, sql.size()));
}

} // namespace dpipe::core
