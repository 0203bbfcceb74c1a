#include "docker/protocol.hpp"

#include "util/strings.hpp"

#include <nlohmann/json.hpp>

#include <charconv>

namespace dpipe::docker {

std::optional<ApiVersion> ApiVersion::parse(std::string_view s) {
    s = util::trim(s);
    std::size_t dot = s.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 >= s.size()) {
        return std::nullopt;
    }
    ApiVersion v;
    auto r1 = std::from_chars(s.data(), s.data() + dot, v.major);
    auto r2 = std::from_chars(s.data() + dot + 1, s.data() + s.size(), v.minor);
    if (r1.ec != std::errc() || r1.ptr != s.data() + dot || r2.ec != std::errc() ||
        r2.ptr != s.data() + s.size() || v.major < 0 || v.minor < 0) {
        return std::nullopt;
    }
    return v;
}

std::string versioned_path(const ApiVersion& v, std::string_view path) {
    std::string out = "/v" + v.str();
    out.append(path);
    return out;
}

std::string url_encode(std::string_view s) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size() * 3);
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == '~';
        if (keep) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += k_hex[c >> 4];
            out += k_hex[c & 15];
        }
    }
    return out;
}

bool valid_image_ref(std::string_view ref) {
    if (ref.empty() || ref.size() > 255) {
        return false;
    }
    auto alnum = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    };
    if (!alnum(ref.front())) {
        return false;
    }
    for (char c : ref) {
        if (!alnum(c) && c != '.' && c != '_' && c != ':' && c != '/' && c != '@' && c != '-') {
            return false;
        }
    }
    return true;
}

std::string container_name(std::string_view wanted) {
    std::string out;
    out.reserve(wanted.size() + 1);
    for (char c : wanted.substr(0, 200)) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '.' || c == '-';
        out += ok ? c : '-';
    }
    if (out.empty() || out.front() == '_' || out.front() == '.' || out.front() == '-') {
        out.insert(out.begin(), 'x');
    }
    return out;
}

ImageRef parse_image_ref(std::string_view ref) {
    ref = util::trim(ref);
    ImageRef out;
    std::size_t at = ref.find('@');
    if (at != std::string_view::npos) {
        out.repository = std::string(ref.substr(0, at));
        out.tag = std::string(ref.substr(at + 1));
        out.digest = true;
        return out;
    }
    // A ':' after the last '/' starts the tag; one before it belongs to a registry host:port.
    std::size_t slash = ref.rfind('/');
    std::size_t colon = ref.rfind(':');
    if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
        out.repository = std::string(ref.substr(0, colon));
        out.tag = std::string(ref.substr(colon + 1));
    } else {
        out.repository = std::string(ref);
    }
    if (out.tag.empty()) {
        out.tag = "latest";
    }
    return out;
}

std::string label_filters_json(const std::map<std::string, std::optional<std::string>>& labels) {
    nlohmann::json values = nlohmann::json::array();
    for (const auto& [key, value] : labels) {
        values.push_back(value ? key + "=" + *value : key);
    }
    nlohmann::json filters = nlohmann::json::object();
    filters["label"] = std::move(values);
    return filters.dump();
}

std::optional<std::string> pull_stream_error(std::string_view stream) {
    std::size_t pos = 0;
    while (pos < stream.size()) {
        std::size_t nl = stream.find('\n', pos);
        std::string_view line =
            util::trim(stream.substr(pos, nl == std::string_view::npos ? nl : nl - pos));
        pos = nl == std::string_view::npos ? stream.size() : nl + 1;
        if (line.empty() || line.front() != '{') {
            continue;
        }
        nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) {
            continue;
        }
        auto detail = j.find("errorDetail");
        if (detail != j.end() && detail->is_object()) {
            auto msg = detail->find("message");
            if (msg != detail->end() && msg->is_string() && !msg->get<std::string>().empty()) {
                return msg->get<std::string>();
            }
        }
        auto err = j.find("error");
        if (err != j.end()) {
            if (err->is_string() && !err->get<std::string>().empty()) {
                return err->get<std::string>();
            }
            if (!err->is_null() && !err->is_string()) {
                return err->dump();
            }
        }
    }
    return std::nullopt;
}

std::string demux_logs(std::string_view raw) {
    auto is_header = [&](std::size_t p) {
        if (p + 8 > raw.size()) {
            return false;
        }
        auto type = static_cast<unsigned char>(raw[p]);
        return type <= 2 && raw[p + 1] == 0 && raw[p + 2] == 0 && raw[p + 3] == 0;
    };
    if (!is_header(0)) {
        return std::string(raw);
    }
    std::string out;
    out.reserve(raw.size());
    std::size_t p = 0;
    while (p + 8 <= raw.size() && is_header(p)) {
        auto b = [&](std::size_t i) {
            return static_cast<std::uint32_t>(static_cast<unsigned char>(raw[p + i]));
        };
        std::size_t len = (b(4) << 24) | (b(5) << 16) | (b(6) << 8) | b(7);
        p += 8;
        std::size_t take = std::min(len, raw.size() - p);
        out.append(raw.substr(p, take));
        p += take;
    }
    return out;
}

std::string tail_lines(std::string_view text, std::size_t n) {
    if (n == 0 || text.empty()) {
        return {};
    }
    std::size_t end = text.size();
    if (text[end - 1] == '\n') {
        --end;
    }
    std::size_t start = end;
    std::size_t lines = 0;
    while (start > 0) {
        if (text[start - 1] == '\n') {
            if (++lines == n) {
                break;
            }
        }
        --start;
    }
    return std::string(text.substr(start));
}

std::string error_message(std::string_view body) {
    nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
    if (!j.is_discarded() && j.is_object()) {
        auto m = j.find("message");
        if (m != j.end() && m->is_string()) {
            return m->get<std::string>();
        }
    }
    std::string_view t = util::trim(body);
    return std::string(t.substr(0, 500));
}

} // namespace dpipe::docker
