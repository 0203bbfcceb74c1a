#pragma once
// A fake GitHub REST API on a TestServer: GET /user, the issue comments of one pull request
// (paginated with Link headers), creating and editing comments, token checks, and scripted
// failures served before the normal answers. `prefix` mimics GitHub Enterprise's /api/v3.

#include "test_server.hpp"

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace testing {

struct FakeComment {
    long long id = 0;
    std::string author;
    std::string body;
    std::string created_at;
};

class FakeGitHub {
  public:
    explicit FakeGitHub(std::string prefix = "");

    std::string api_url() const { return m_server->url() + m_prefix; }
    std::vector<RecordedRequest> requests() const { return m_server->requests(); }
    int port() const { return m_server->port(); }

    // Accepted tokens and the login each acts as.
    void add_token(const std::string& token, const std::string& login);
    // GET /user answers this status instead (403 as for the Actions installation token).
    void set_user_status(int status);
    // Comments per page (the client asks for 100; a smaller page forces pagination).
    void set_page_size(int size);
    long long add_comment(const std::string& author, const std::string& body);
    std::vector<FakeComment> comments() const;
    // The next request with this method ("*" any) gets `response` instead (in order).
    void fail_next(const std::string& method, ScriptedResponse response);
    // POST also stores the comment when a scripted failure answers it (a 502 after the write).
    void set_apply_failed_posts(bool apply);

  private:
    ScriptedResponse handle(const RecordedRequest& req);
    ScriptedResponse list(const RecordedRequest& req, const std::string& path);
    std::string comment_json(const FakeComment& c) const;
    FakeComment create(const std::string& author, const std::string& body);

    std::string m_prefix;
    mutable std::mutex m_mutex;
    std::vector<std::pair<std::string, std::string>> m_tokens;
    int m_user_status = 200;
    int m_page_size = 100;
    bool m_apply_failed_posts = false;
    long long m_next_id = 1000;
    std::vector<FakeComment> m_comments;
    std::deque<std::pair<std::string, ScriptedResponse>> m_failures;
    std::unique_ptr<TestServer> m_server; // last: stops before the state goes
};

} // namespace testing
