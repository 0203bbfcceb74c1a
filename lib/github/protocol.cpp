#include "github/protocol.hpp"

#include "util/strings.hpp"

#include <nlohmann/json.hpp>

namespace dpipe::github {

namespace {

using nlohmann::json;

constexpr std::size_t k_max_message_bytes = 300;

std::string string_field(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

util::Result<IssueComment, std::string> comment_from(const json& j) {
    if (!j.is_object()) {
        return util::unexpected(std::string("a comment is not a JSON object"));
    }
    auto id = j.find("id");
    if (id == j.end() || !id->is_number_integer()) {
        return util::unexpected(std::string("a comment has no numeric id"));
    }
    IssueComment c;
    c.id = id->get<long long>();
    c.body = string_field(j, "body");
    c.html_url = string_field(j, "html_url");
    c.created_at = string_field(j, "created_at");
    auto user = j.find("user");
    if (user != j.end() && user->is_object()) {
        c.author = string_field(*user, "login");
    }
    return c;
}

// Cuts at a UTF-8 character boundary.
std::string clip(std::string s, std::size_t max) {
    if (s.size() <= max) {
        return s;
    }
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) {
        --end;
    }
    s.resize(end);
    return s + "...";
}

} // namespace

std::string next_link(std::string_view link_header) {
    std::size_t pos = 0;
    while (true) {
        std::size_t open = link_header.find('<', pos);
        if (open == std::string_view::npos) {
            return "";
        }
        std::size_t close = link_header.find('>', open);
        if (close == std::string_view::npos) {
            return "";
        }
        std::string_view target = link_header.substr(open + 1, close - open - 1);
        std::size_t next_open = link_header.find('<', close);
        std::string_view params = link_header.substr(close + 1, next_open == std::string_view::npos
                                                                    ? std::string_view::npos
                                                                    : next_open - close - 1);
        for (std::string_view p : util::split(params, ';')) {
            std::string param = util::to_lower(util::trim(p));
            while (!param.empty() && param.back() == ',') {
                param.pop_back();
            }
            if (param == "rel=\"next\"" || param == "rel=next") {
                return std::string(target);
            }
        }
        pos = close;
    }
}

util::Result<IssueComment, std::string> parse_comment(std::string_view text) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) {
        return util::unexpected(std::string("the answer is not JSON"));
    }
    return comment_from(j);
}

util::Result<std::vector<IssueComment>, std::string> parse_comments(std::string_view text) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_array()) {
        return util::unexpected(std::string("the answer is not a JSON array"));
    }
    std::vector<IssueComment> out;
    out.reserve(j.size());
    for (const json& item : j) {
        auto c = comment_from(item);
        if (!c) {
            return util::unexpected(c.error());
        }
        out.push_back(std::move(*c));
    }
    return out;
}

util::Result<std::string, std::string> parse_login(std::string_view text) {
    json j = json::parse(text, nullptr, false);
    std::string login = j.is_object() ? string_field(j, "login") : "";
    if (login.empty()) {
        return util::unexpected(std::string("the answer to GET /user names no login"));
    }
    return login;
}

std::string comment_payload(std::string_view body) {
    return json{{"body", std::string(body)}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string error_message(std::string_view text) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        return "";
    }
    std::string message = string_field(j, "message");
    auto errors = j.find("errors");
    if (errors != j.end() && errors->is_array()) {
        for (const json& e : *errors) {
            std::string detail = e.is_string()   ? e.get<std::string>()
                                 : e.is_object() ? string_field(e, "message")
                                                 : std::string();
            if (detail.empty() && e.is_object()) {
                detail = string_field(e, "code");
            }
            if (!detail.empty()) {
                message += (message.empty() ? "" : "; ") + detail;
            }
        }
    }
    for (char& c : message) {
        if (c == '\n' || c == '\r' || c == '\t') {
            c = ' ';
        }
    }
    return clip(std::string(util::trim(message)), k_max_message_bytes);
}

} // namespace dpipe::github
