#include "load/record.hpp"

#include <cstring>
#include <string_view>
#include <unordered_map>

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

// Strings of one record are written once: a reference is a varint, 0 for a new string (its
// bytes follow and it takes the next index) or 1 + the index of an earlier one. Keys and short
// values ("name", "not_null", "varchar") repeat on every column of a property file.
class StringsOut {
public:
    void put(util::ByteWriter& w, std::string_view s) {
        auto [it, fresh] = m_index.try_emplace(s, static_cast<std::uint32_t>(m_index.size()));
        if (fresh) {
            w.uv(0);
            w.vstr(s);
        } else {
            w.uv(std::uint64_t{it->second} + 1);
        }
    }

private:
    std::unordered_map<std::string_view, std::uint32_t> m_index; // views into the written value
};

class StringsIn {
public:
    std::string_view get(util::ByteReader& r) {
        std::uint64_t ref = r.uv();
        if (ref == 0) {
            std::string_view s = r.vview();
            if (!r.failed()) {
                m_table.push_back(s);
            }
            return s;
        }
        if (ref > m_table.size()) {
            r.fail();
            return {};
        }
        return m_table[static_cast<std::size_t>(ref - 1)];
    }

private:
    std::vector<std::string_view> m_table; // views into the record's bytes
};

void write_value(util::ByteWriter& w, const core::Json& v, StringsOut& strings) {
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
        w.sv(v.get<std::int64_t>());
        break;
    case core::Json::value_t::number_unsigned:
        w.u8(static_cast<std::uint8_t>(Tag::Uint));
        w.uv(v.get<std::uint64_t>());
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
        strings.put(w, v.get_ref<const std::string&>());
        break;
    case core::Json::value_t::array:
        w.u8(static_cast<std::uint8_t>(Tag::Array));
        w.uv(v.size());
        for (const auto& e : v) {
            write_value(w, e, strings);
        }
        break;
    case core::Json::value_t::object:
        w.u8(static_cast<std::uint8_t>(Tag::Object));
        w.uv(v.size());
        for (const auto& kv : v.get_ref<const core::Json::object_t&>()) {
            strings.put(w, kv.first);
            write_value(w, kv.second, strings);
        }
        break;
    }
}

core::Json read_value(util::ByteReader& r, StringsIn& strings, int depth) {
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
        return r.sv();
    case Tag::Uint:
        return r.uv();
    case Tag::Float: {
        std::uint64_t bits = r.u64();
        double d = 0;
        std::memcpy(&d, &bits, sizeof d);
        return d;
    }
    case Tag::String:
        return std::string(strings.get(r));
    case Tag::Array: {
        core::Json out = core::Json::array();
        auto& arr = out.get_ref<core::Json::array_t&>();
        std::uint32_t n = r.vcount(1);
        arr.reserve(n);
        for (std::uint32_t i = 0; i < n && !r.failed(); ++i) {
            arr.push_back(read_value(r, strings, depth + 1));
        }
        return out;
    }
    case Tag::Object: {
        core::Json out = core::Json::object();
        auto& obj = out.get_ref<core::Json::object_t&>();
        using Base = core::Json::object_t::Container;
        std::uint32_t n = r.vcount(2);
        obj.reserve(n);
        for (std::uint32_t i = 0; i < n && !r.failed(); ++i) {
            std::string key(strings.get(r));
            // Keys were unique when written: append without ordered_map's linear search.
            obj.Base::emplace_back(std::move(key), read_value(r, strings, depth + 1));
        }
        return out;
    }
    }
    r.fail();
    return nullptr;
}

// A location table in a few bytes per record: lines as deltas from the previous record's,
// a key's line as its distance from its value's, first_child as its distance from the record.
void write_locs(util::ByteWriter& w, const std::vector<NodeLoc>& locs) {
    w.uv(locs.size());
    std::int64_t line = 0;
    for (std::size_t i = 0; i < locs.size(); ++i) {
        const NodeLoc& l = locs[i];
        w.sv(l.value.line - line);
        line = l.value.line;
        w.uv(static_cast<std::uint32_t>(l.value.col));
        w.uv(static_cast<std::uint32_t>(l.key.col));
        if (l.key.col == 0) {
            w.uv(static_cast<std::uint32_t>(l.key.line)); // no key: 0
        } else {
            w.sv(std::int64_t{l.key.line} - l.value.line);
        }
        if (l.first_child == NodeLoc::k_none) {
            w.uv(0);
        } else if (l.first_child == NodeLoc::k_inherit) {
            w.uv(1);
        } else {
            std::int64_t d = std::int64_t{l.first_child} - static_cast<std::int64_t>(i);
            w.uv(2 + ((static_cast<std::uint64_t>(d) << 1) ^ static_cast<std::uint64_t>(d >> 63)));
        }
    }
}

// Fails on a first_child outside the table (a cursor follows them).
std::vector<NodeLoc> read_locs(util::ByteReader& r) {
    std::uint32_t n = r.vcount(5);
    std::vector<NodeLoc> locs(n);
    std::int64_t line = 0;
    for (std::uint32_t i = 0; i < n && !r.failed(); ++i) {
        NodeLoc& l = locs[i];
        line += r.sv();
        l.value.line = static_cast<int>(line);
        l.value.col = static_cast<int>(static_cast<std::uint32_t>(r.uv()));
        l.key.col = static_cast<int>(static_cast<std::uint32_t>(r.uv()));
        l.key.line = l.key.col == 0 ? static_cast<int>(static_cast<std::uint32_t>(r.uv()))
                                    : static_cast<int>(l.value.line + r.sv());
        std::uint64_t fc = r.uv();
        if (fc == 0) {
            l.first_child = NodeLoc::k_none;
        } else if (fc == 1) {
            l.first_child = NodeLoc::k_inherit;
        } else {
            std::uint64_t z = fc - 2;
            std::int64_t target = static_cast<std::int64_t>(i) + (static_cast<std::int64_t>(z >> 1) ^ -static_cast<std::int64_t>(z & 1));
            if (target < 0 || target >= static_cast<std::int64_t>(n)) {
                r.fail();
                break;
            }
            l.first_child = static_cast<std::uint32_t>(target);
        }
    }
    if (r.failed()) {
        locs.clear();
    }
    return locs;
}

} // namespace

void write_json(util::ByteWriter& w, const core::Json& v) {
    StringsOut strings;
    write_value(w, v, strings);
}

core::Json read_json(util::ByteReader& r) {
    StringsIn strings;
    return read_value(r, strings, 0);
}

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
    w.vstr(doc.file);
    write_json(w, doc.root);
    write_locs(w, doc.locs);
    write_diagnostics(w, doc.warnings);
}

Document read_document(util::ByteReader& r) {
    Document doc;
    doc.file = std::string(r.vview());
    doc.root = read_json(r);
    doc.locs = read_locs(r);
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
