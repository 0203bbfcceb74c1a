#include "load/record.hpp"

#include <cstring>
#include <type_traits>

namespace dpipe::load {

namespace {

enum class Tag : std::uint8_t { Null, False, True, Int, Uint, Float, String, Array, Object };

// Deeper than any document the parser accepts (Limits::max_depth), so only corrupt bytes hit it.
constexpr int k_max_depth = 256;

void write_loc(util::ByteWriter& w, const core::SourceLoc& l) {
    w.str(l.file);
    w.u32(static_cast<std::uint32_t>(l.line));
    w.u32(static_cast<std::uint32_t>(l.col));
}

core::SourceLoc read_loc(util::ByteReader& r) {
    core::SourceLoc l;
    l.file = r.str();
    l.line = static_cast<int>(r.u32());
    l.col = static_cast<int>(r.u32());
    return l;
}

void write_strings(util::ByteWriter& w, const std::vector<std::string>& v) {
    w.u32(static_cast<std::uint32_t>(v.size()));
    for (const auto& s : v) {
        w.str(s);
    }
}

std::vector<std::string> read_strings(util::ByteReader& r) {
    std::vector<std::string> out(r.count(4));
    for (auto& s : out) {
        s = r.str();
    }
    return out;
}

core::Json read_value(util::ByteReader& r, int depth) {
    if (depth > k_max_depth) {
        r.fail();
        return nullptr;
    }
    switch (static_cast<Tag>(r.u8())) {
    case Tag::Null:
        return nullptr;
    case Tag::False:
        return false;
    case Tag::True:
        return true;
    case Tag::Int:
        return static_cast<std::int64_t>(r.u64());
    case Tag::Uint:
        return r.u64();
    case Tag::Float: {
        std::uint64_t bits = r.u64();
        double d = 0;
        std::memcpy(&d, &bits, sizeof d);
        return d;
    }
    case Tag::String:
        return r.str();
    case Tag::Array: {
        core::Json out = core::Json::array();
        auto& arr = out.get_ref<core::Json::array_t&>();
        std::uint32_t n = r.count(1);
        arr.reserve(n);
        for (std::uint32_t i = 0; i < n && !r.failed(); ++i) {
            arr.push_back(read_value(r, depth + 1));
        }
        return out;
    }
    case Tag::Object: {
        core::Json out = core::Json::object();
        auto& obj = out.get_ref<core::Json::object_t&>();
        using Base = core::Json::object_t::Container;
        std::uint32_t n = r.count(5);
        obj.reserve(n);
        for (std::uint32_t i = 0; i < n && !r.failed(); ++i) {
            std::string key = r.str();
            // Keys were unique when written: append without ordered_map's linear search.
            obj.Base::emplace_back(std::move(key), read_value(r, depth + 1));
        }
        return out;
    }
    }
    r.fail();
    return nullptr;
}

} // namespace

void write_json(util::ByteWriter& w, const core::Json& v) {
    switch (v.type()) {
    case core::Json::value_t::null:
    case core::Json::value_t::discarded:
    case core::Json::value_t::binary:
        w.u8(static_cast<std::uint8_t>(Tag::Null));
        break;
    case core::Json::value_t::boolean:
        w.u8(static_cast<std::uint8_t>(v.get<bool>() ? Tag::True : Tag::False));
        break;
    case core::Json::value_t::number_integer:
        w.u8(static_cast<std::uint8_t>(Tag::Int));
        w.u64(static_cast<std::uint64_t>(v.get<std::int64_t>()));
        break;
    case core::Json::value_t::number_unsigned:
        w.u8(static_cast<std::uint8_t>(Tag::Uint));
        w.u64(v.get<std::uint64_t>());
        break;
    case core::Json::value_t::number_float: {
        double d = v.get<double>();
        std::uint64_t bits = 0;
        std::memcpy(&bits, &d, sizeof d);
        w.u8(static_cast<std::uint8_t>(Tag::Float));
        w.u64(bits);
        break;
    }
    case core::Json::value_t::string:
        w.u8(static_cast<std::uint8_t>(Tag::String));
        w.str(v.get_ref<const std::string&>());
        break;
    case core::Json::value_t::array:
        w.u8(static_cast<std::uint8_t>(Tag::Array));
        w.u32(static_cast<std::uint32_t>(v.size()));
        for (const auto& e : v) {
            write_json(w, e);
        }
        break;
    case core::Json::value_t::object:
        w.u8(static_cast<std::uint8_t>(Tag::Object));
        w.u32(static_cast<std::uint32_t>(v.size()));
        for (const auto& [key, value] : v.items()) {
            w.str(key);
            write_json(w, value);
        }
        break;
    }
}

core::Json read_json(util::ByteReader& r) { return read_value(r, 0); }

void write_diagnostics(util::ByteWriter& w, const std::vector<core::Diagnostic>& diags) {
    w.u32(static_cast<std::uint32_t>(diags.size()));
    for (const auto& d : diags) {
        w.u8(static_cast<std::uint8_t>(d.severity));
        w.str(d.code);
        write_loc(w, d.loc);
        w.str(d.message);
        write_strings(w, d.notes);
    }
}

std::vector<core::Diagnostic> read_diagnostics(util::ByteReader& r) {
    std::vector<core::Diagnostic> out(r.count(21));
    for (auto& d : out) {
        std::uint8_t sev = r.u8();
        if (sev > static_cast<std::uint8_t>(core::Severity::Error)) {
            r.fail();
        }
        d.severity = static_cast<core::Severity>(sev);
        d.code = r.str();
        d.loc = read_loc(r);
        d.message = r.str();
        d.notes = read_strings(r);
    }
    return out;
}

void write_document(util::ByteWriter& w, const Document& doc) {
    static_assert(std::is_trivially_copyable_v<NodeLoc>);
    w.str(doc.file);
    write_json(w, doc.root);
    w.u32(static_cast<std::uint32_t>(doc.locs.size()));
    w.raw(doc.locs.data(), doc.locs.size() * sizeof(NodeLoc));
    write_diagnostics(w, doc.warnings);
}

Document read_document(util::ByteReader& r) {
    Document doc;
    doc.file = r.str();
    doc.root = read_json(r);
    std::uint32_t n = r.count(sizeof(NodeLoc));
    std::string_view bytes = r.raw(static_cast<std::size_t>(n) * sizeof(NodeLoc));
    if (!r.failed()) {
        doc.locs.resize(n);
        std::memcpy(doc.locs.data(), bytes.data(), bytes.size());
        // A cursor follows first_child indices: they must stay inside the table.
        for (const auto& l : doc.locs) {
            if (l.first_child != NodeLoc::k_none && l.first_child != NodeLoc::k_inherit && l.first_child >= n) {
                r.fail();
                break;
            }
        }
    }
    doc.warnings = read_diagnostics(r);
    return doc;
}

void write_columns(util::ByteWriter& w, const std::vector<core::Column>& columns) {
    w.u32(static_cast<std::uint32_t>(columns.size()));
    for (const auto& c : columns) {
        w.str(c.name);
        w.str(c.data_type);
        w.str(c.description);
        write_strings(w, c.tags);
        write_json(w, c.meta);
        w.u8(c.pii ? 1 : 0);
        write_loc(w, c.loc);
    }
}

std::vector<core::Column> read_columns(util::ByteReader& r) {
    std::vector<core::Column> out(r.count(30));
    for (auto& c : out) {
        c.name = r.str();
        c.data_type = r.str();
        c.description = r.str();
        c.tags = read_strings(r);
        c.meta = read_json(r);
        c.pii = r.u8() != 0;
        c.loc = read_loc(r);
    }
    return out;
}

} // namespace dpipe::load
