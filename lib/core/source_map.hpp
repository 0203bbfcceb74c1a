#pragma once
// Where each byte of a rendered model came from in its template file.
//
// The rendered text is cut into segments, in output order, that cover it without gaps:
//   - a literal segment is template text copied verbatim: rendered offset k maps to template
//     offset src + (k - out), byte-exact;
//   - a generated segment is the output of a `{{ }}` expression, a macro call or a block tag:
//     every byte maps to the start of the tag that produced it (src).
// Template offsets are offsets in the normalised source (lib/template: "\r\n" -> "\n", one
// trailing newline dropped), whose lines and byte columns are those of the file on disk.
//
// Built by appending as output is emitted (no per-character storage; adjacent segments that
// continue each other are merged). The map also keeps the line starts of the template so a
// location can be computed without the file text.

#include "core/source_loc.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::core {

class SourceMap {
public:
    // Starts over for template `file` with (normalised) text `source`.
    void reset(std::string file, std::string_view source);

    // Appends `len` output bytes copied verbatim from template offset `src`.
    void add_literal(std::size_t len, std::size_t src);
    // Appends `len` output bytes produced by the tag starting at template offset `src`.
    void add_generated(std::size_t len, std::size_t src);

    // True when nothing was recorded (a model rendered without a map, or built by hand).
    bool empty() const { return m_segments.empty(); }
    const std::string& file() const { return m_file; }
    std::size_t output_size() const { return m_out_size; }
    std::size_t segment_count() const { return m_segments.size(); }

    // The template offset a rendered offset comes from. Offsets past the rendered end map like
    // the last byte. Never past the end of the template (the last byte when it is not empty).
    std::size_t source_offset(std::size_t out) const;
    // The same as a location in the template file: 1-based line and byte column.
    SourceLoc locate(std::size_t out) const;

    struct Segment {
        std::uint32_t out; // first rendered byte
        std::uint32_t src; // template offset (of the first byte, or of the producing tag)
        bool literal;
    };
    // The parts of the map, for storing it (the render cache) and rebuilding it with assign().
    const std::vector<Segment>& segments() const { return m_segments; }
    const std::vector<std::uint32_t>& line_starts() const { return m_line_starts; }
    std::size_t source_size() const { return m_source_size; }
    // Rebuilds a map from stored parts; false (and the map left empty) when they are not
    // consistent: segments not in output order or past the ends, line starts not ascending from 0.
    bool assign(std::string file, std::size_t source_size, std::vector<std::uint32_t> line_starts,
                std::vector<Segment> segments, std::size_t output_size);

private:
    void add(std::size_t len, std::size_t src, bool literal);

    std::string m_file;
    std::size_t m_source_size = 0;
    std::vector<std::uint32_t> m_line_starts;
    std::vector<Segment> m_segments;
    std::size_t m_out_size = 0;
};

struct Rendered;

// Where a byte of the rendered SQL comes from in the model file. Without a source map (empty)
// the location is in the rendered text itself, under `fallback_file`.
SourceLoc locate(const Rendered& rendered, std::size_t offset, const std::string& fallback_file = {});

// Moves a location in the rendered SQL (file:line:col as produced by a parser of the rendered
// text) to the model file. Returned unchanged when the map is empty or the location has no line.
SourceLoc relocate(const Rendered& rendered, const SourceLoc& rendered_loc);

} // namespace dpipe::core
