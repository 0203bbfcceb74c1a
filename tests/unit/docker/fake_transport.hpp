#pragma once
// A scripted Transport for unit tests: answers by "METHOD path-prefix" rules and records
// every request.

#include "core/error.hpp"
#include "docker/transport.hpp"

#include <mutex>
#include <string>
#include <vector>

namespace dpipe::docker::testing {

struct Recorded {
    std::string method;
    std::string path;
    std::string body;
};

class FakeTransport : public Transport {
  public:
    struct Rule {
        std::string method;
        std::string path_prefix;
        net::Response response;
    };

    std::string api_version = "1.41";
    bool unreachable = false;
    std::vector<Rule> rules;
    std::vector<Recorded> requests;

    void on(std::string method, std::string path_prefix, int status, std::string body) {
        rules.push_back({std::move(method), std::move(path_prefix), {status, {}, std::move(body)}});
    }

    net::Response request(std::string_view method, std::string_view path, std::string_view body,
                          std::chrono::milliseconds) override {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (unreachable) {
            core::Error e(core::ExitCode::Unavailable, "cannot reach the Docker daemon");
            e.hints.push_back("is dockerd running? set DOCKER_HOST");
            throw e;
        }
        requests.push_back({std::string(method), std::string(path), std::string(body)});
        if (path == "/_ping") {
            net::Response r{200, {}, "OK"};
            r.headers["api-version"] = api_version;
            return r;
        }
        // Later rules win, so a test can override an earlier answer.
        for (auto it = rules.rbegin(); it != rules.rend(); ++it) {
            if (it->method == method && path.substr(0, it->path_prefix.size()) == it->path_prefix) {
                return it->response;
            }
        }
        return {404, {}, R"({"message":"no rule for )" + std::string(path) + "\"}"};
    }
    std::string describe() const override { return "fake://docker"; }

  private:
    std::mutex m_mutex;
};

} // namespace dpipe::docker::testing
