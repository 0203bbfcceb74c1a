#pragma once
// A small HTTP/1.1 server on 127.0.0.1 (ephemeral port) for tests: one thread, one request per
// connection (answers carry `Connection: close`), every request recorded, answers from a
// handler the test scripts.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace testing {

struct RecordedRequest {
    std::string method;
    std::string target;                         // path and query, as sent
    std::map<std::string, std::string> headers; // names lower-cased
    std::string body;

    std::string header(const std::string& lower_name) const {
        auto it = headers.find(lower_name);
        return it == headers.end() ? std::string() : it->second;
    }
    std::string path() const { return target.substr(0, target.find('?')); }
};

struct ScriptedResponse {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::chrono::milliseconds delay{0}; // wait before answering (client timeouts)
};

class TestServer {
  public:
    using Handler = std::function<ScriptedResponse(const RecordedRequest&)>;

    explicit TestServer(Handler handler);
    ~TestServer();
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    int port() const { return m_port; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    std::vector<RecordedRequest> requests() const;

  private:
    void serve();
    void handle(int fd);

    Handler m_handler;
    int m_listen_fd = -1;
    int m_port = 0;
    std::atomic<bool> m_stop{false};
    mutable std::mutex m_mutex;
    std::vector<RecordedRequest> m_requests;
    std::thread m_thread;
};

} // namespace testing
