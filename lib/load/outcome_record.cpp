#include "load/outcome.hpp"

#include "load/record.hpp"
#include "util/hash.hpp"

namespace dpipe::load {

std::string record_key(const Job& job, const std::string& id, const Limits& limits) {
    util::Sha256 h;
    for (const std::string& v : {std::string("load-record 3"), std::to_string(static_cast<int>(job.kind)), job.rel, id,
                                 std::to_string(limits.max_file_bytes), std::to_string(limits.max_depth),
                                 std::to_string(limits.max_nodes)}) {
        h.update(v);
        h.update(std::string_view("\0", 1));
    }
    static const char* k_digits = "0123456789abcdef";
    std::string out;
    for (auto b : h.finish()) {
        out += k_digits[b >> 4];
        out += k_digits[b & 15];
    }
    return out;
}

std::string encode_outcome(const Outcome& o) {
    util::ByteWriter w;
    write_diagnostics(w, o.diags);
    w.u8(o.doc ? 1 : 0);
    if (o.doc) {
        write_document(w, *o.doc);
    }
    write_columns(w, o.columns);
    return w.take();
}

bool decode_outcome(std::string_view bytes, Outcome& o) {
    util::ByteReader r(bytes);
    auto diags = read_diagnostics(r);
    std::optional<Document> doc;
    if (r.u8() != 0) {
        doc = read_document(r);
    }
    auto columns = read_columns(r);
    if (r.failed() || !r.at_end()) {
        return false;
    }
    o.diags = std::move(diags);
    o.doc = std::move(doc);
    o.columns = std::move(columns);
    return true;
}

} // namespace dpipe::load
