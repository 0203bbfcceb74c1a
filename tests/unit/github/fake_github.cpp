#include "fake_github.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdio>

namespace testing {

namespace {

using nlohmann::json;

ScriptedResponse json_response(int status, const json& body) {
    return {status, {{"Content-Type", "application/json; charset=utf-8"}}, body.dump(), {}};
}

std::string lower(std::string s) {
    for (char& c : s) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

ScriptedResponse not_found() {
    return json_response(404, {{"message", "Not Found"}});
}

int query_int(const std::string& target, const std::string& key, int fallback) {
    std::size_t q = target.find('?');
    if (q == std::string::npos) {
        return fallback;
    }
    std::string query = "&" + target.substr(q + 1);
    std::size_t at = query.find("&" + key + "=");
    if (at == std::string::npos) {
        return fallback;
    }
    return std::stoi(query.substr(at + key.size() + 2));
}

} // namespace

FakeGitHub::FakeGitHub(std::string prefix) : m_prefix(std::move(prefix)) {
    m_server = std::make_unique<TestServer>([this](const RecordedRequest& r) { return handle(r); });
}

void FakeGitHub::add_token(const std::string& token, const std::string& login) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_tokens.emplace_back(token, login);
}

void FakeGitHub::set_user_status(int status) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_user_status = status;
}

void FakeGitHub::set_page_size(int size) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_page_size = size;
}

void FakeGitHub::set_apply_failed_posts(bool apply) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_apply_failed_posts = apply;
}

FakeComment FakeGitHub::create(const std::string& author, const std::string& body) {
    FakeComment c;
    c.id = m_next_id++;
    c.author = author;
    c.body = body;
    char stamp[32];
    long long n = c.id - 1000;
    std::snprintf(stamp, sizeof stamp, "2026-01-01T%02lld:%02lld:%02lldZ", n / 3600 % 24,
                  n / 60 % 60, n % 60);
    c.created_at = stamp;
    m_comments.push_back(c);
    return c;
}

long long FakeGitHub::add_comment(const std::string& author, const std::string& body) {
    std::lock_guard<std::mutex> lock(m_mutex);
    return create(author, body).id;
}

std::vector<FakeComment> FakeGitHub::comments() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_comments;
}

void FakeGitHub::fail_next(const std::string& method, ScriptedResponse response) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_failures.emplace_back(method, std::move(response));
}

std::string FakeGitHub::comment_json(const FakeComment& c) const {
    return json{
        {"id", c.id},
        {"body", c.body},
        {"user", {{"login", c.author}, {"type", "User"}}},
        {"html_url", "https://github.example/o/r/pull/7#issuecomment-" + std::to_string(c.id)},
        {"created_at", c.created_at},
        {"updated_at", c.created_at}}
        .dump();
}

ScriptedResponse FakeGitHub::list(const RecordedRequest& req, const std::string& path) {
    int size = std::min(query_int(req.target, "per_page", 30), m_page_size);
    int page = query_int(req.target, "page", 1);
    int total = static_cast<int>(m_comments.size());
    int pages = std::max(1, (total + size - 1) / size);
    std::string body = "[";
    for (int i = (page - 1) * size; i < std::min(total, page * size); ++i) {
        body +=
            (body.size() > 1 ? "," : "") + comment_json(m_comments[static_cast<std::size_t>(i)]);
    }
    body += "]";
    ScriptedResponse r{200, {{"Content-Type", "application/json"}}, body, {}};
    if (page < pages) {
        std::string base = m_server->url() + m_prefix + path + "?per_page=" + std::to_string(size);
        r.headers.emplace_back("Link", "<" + base + "&page=" + std::to_string(page + 1) +
                                           ">; rel=\"next\", <" + base +
                                           "&page=" + std::to_string(pages) + ">; rel=\"last\"");
    }
    return r;
}

ScriptedResponse FakeGitHub::handle(const RecordedRequest& req) {
    std::lock_guard<std::mutex> lock(m_mutex);
    for (auto it = m_failures.begin(); it != m_failures.end(); ++it) {
        if (it->first == "*" || it->first == req.method) {
            ScriptedResponse r = std::move(it->second);
            m_failures.erase(it);
            if (m_apply_failed_posts && req.method == "POST") {
                json body = json::parse(req.body);
                create(m_tokens.empty() ? "" : m_tokens.front().second, body.at("body"));
            }
            return r;
        }
    }
    std::string login;
    for (const auto& [token, user] : m_tokens) {
        if (req.header("authorization") == "Bearer " + token) {
            login = user;
        }
    }
    if (login.empty()) {
        // Echoes what it got, so the test can prove the client keeps it out of errors.
        return json_response(401, {{"message", "Bad credentials: " + req.header("authorization")},
                                   {"documentation_url", "https://docs.github.com/rest"}});
    }
    std::string path = req.path();
    if (path.rfind(m_prefix, 0) != 0) {
        return not_found();
    }
    path = path.substr(m_prefix.size());
    if (req.method == "GET" && path == "/user") {
        if (m_user_status != 200) {
            return json_response(m_user_status,
                                 {{"message", "Resource not accessible by integration"}});
        }
        return json_response(200, {{"login", login}, {"id", 1}});
    }
    const std::string comments_path = "/repos/o/r/issues/7/comments";
    if (req.method == "GET" && path == comments_path) {
        return list(req, path);
    }
    if (req.method == "POST" && path == comments_path) {
        json body = json::parse(req.body);
        FakeComment c = create(login, body.at("body"));
        return {201, {{"Content-Type", "application/json"}}, comment_json(c), {}};
    }
    const std::string edit_prefix = "/repos/o/r/issues/comments/";
    if (req.method == "PATCH" && path.rfind(edit_prefix, 0) == 0) {
        long long id = std::stoll(path.substr(edit_prefix.size()));
        for (FakeComment& c : m_comments) {
            if (c.id == id) {
                if (lower(c.author) != lower(login)) { // logins ignore case
                    return json_response(403, {{"message", "Must have admin rights"}});
                }
                c.body = json::parse(req.body).at("body");
                return {200, {{"Content-Type", "application/json"}}, comment_json(c), {}};
            }
        }
        return not_found();
    }
    return not_found();
}

} // namespace testing
