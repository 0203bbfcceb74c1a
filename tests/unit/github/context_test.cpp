// Repository, pull request number and API URL from GitHub Actions' environment values.

#include "github/context.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace dpipe::github;

TEST_CASE("the pull request number comes from the event payload", "[github]") {
    REQUIRE(pull_request_number_from_event(R"({"action":"opened","number":42,
        "pull_request":{"number":42,"head":{"sha":"abc"}}})")
                .value() == 42);
    // issue_comment on a pull request
    REQUIRE(pull_request_number_from_event(
                R"({"issue":{"number":9,"pull_request":{"url":"u"}},"comment":{"id":1}})")
                .value() == 9);
    REQUIRE(pull_request_number_from_event(R"({"number":5})").value() == 5);
    auto push = pull_request_number_from_event(R"({"ref":"refs/heads/main","after":"abc"})");
    REQUIRE_FALSE(push.ok());
    REQUIRE_THAT(push.error(), Catch::Contains("no pull request"));
    REQUIRE_FALSE(pull_request_number_from_event(R"({"pull_request":{"number":"7"}})").ok());
    REQUIRE_FALSE(pull_request_number_from_event("{not json").ok());
    REQUIRE_FALSE(pull_request_number_from_event("[1]").ok());
}

TEST_CASE("GITHUB_REPOSITORY must be owner/name", "[github]") {
    auto r = parse_repository("octo-org/data.pipelines_1");
    REQUIRE(r.ok());
    REQUIRE(r->owner == "octo-org");
    REQUIRE(r->name == "data.pipelines_1");
    REQUIRE(r->full_name() == "octo-org/data.pipelines_1");
    for (const char* bad : {"", "octo", "octo/", "/r", "o/r/x", "o/..", "o/r?x", "o w/r"}) {
        INFO(bad);
        REQUIRE_FALSE(parse_repository(bad).ok());
    }
    REQUIRE_THAT(parse_repository("").error(), Catch::Contains("GITHUB_REPOSITORY is not set"));
}

TEST_CASE("resolve_pull_request prefers an explicit number and explains what is missing",
          "[github]") {
    ActionsEnv env;
    env.repository = "o/r";
    env.event_path = "/run/event.json";
    env.event_name = "pull_request";
    env.event_json = R"({"pull_request":{"number":12}})";
    auto pr = resolve_pull_request(env, std::nullopt);
    REQUIRE(pr.ok());
    REQUIRE(pr->repo.full_name() == "o/r");
    REQUIRE(pr->number == 12);
    REQUIRE(resolve_pull_request(env, 3)->number == 3);
    REQUIRE_FALSE(resolve_pull_request(env, 0).ok());

    env.event_name = "push";
    env.event_json = R"({"ref":"refs/heads/main"})";
    auto push = resolve_pull_request(env, std::nullopt);
    REQUIRE_THAT(push.error(), Catch::Contains("GITHUB_EVENT_PATH=/run/event.json (push)") &&
                                   Catch::Contains("pass the pull request number"));

    env.event_json.reset();
    env.event_read_error = "no such file";
    REQUIRE_THAT(resolve_pull_request(env, std::nullopt).error(),
                 Catch::Contains("cannot read GITHUB_EVENT_PATH") &&
                     Catch::Contains("no such file"));
    env.event_path.clear();
    REQUIRE_THAT(resolve_pull_request(env, std::nullopt).error(),
                 Catch::Contains("GITHUB_EVENT_PATH is not set"));

    env.repository.clear();
    REQUIRE_THAT(resolve_pull_request(env, 3).error(),
                 Catch::Contains("GITHUB_REPOSITORY is not set"));
}

TEST_CASE("GITHUB_API_URL defaults to github.com and keeps an Enterprise path", "[github]") {
    REQUIRE(normalize_api_url("").value() == "https://api.github.com");
    REQUIRE(normalize_api_url("https://ghe.example.com/api/v3/").value() ==
            "https://ghe.example.com/api/v3");
    REQUIRE(normalize_api_url(" http://127.0.0.1:8080/api/v3 ").value() ==
            "http://127.0.0.1:8080/api/v3");
    REQUIRE_FALSE(normalize_api_url("ftp://ghe.example.com").ok());
    REQUIRE_FALSE(normalize_api_url("ghe.example.com/api/v3").ok());
    REQUIRE_FALSE(normalize_api_url("https://ghe.example.com/api/v3?x=1").ok());
}

TEST_CASE("read_actions_env reads the variables and the event file", "[github]") {
    namespace fs = std::filesystem;
    fs::path file =
        fs::temp_directory_path() / ("dpipe-github-event-" + std::to_string(::getpid()));
    {
        std::ofstream out(file);
        out << R"({"pull_request":{"number":77}})";
    }
    ::setenv("GITHUB_REPOSITORY", "octo/repo", 1);
    ::setenv("GITHUB_EVENT_PATH", file.c_str(), 1);
    ::setenv("GITHUB_EVENT_NAME", "pull_request", 1);
    ::setenv("GITHUB_API_URL", "https://ghe.example.com/api/v3", 1);
    ActionsEnv env = read_actions_env();
    REQUIRE(env.repository == "octo/repo");
    REQUIRE(env.api_url == "https://ghe.example.com/api/v3");
    REQUIRE(resolve_pull_request(env, std::nullopt)->number == 77);

    fs::remove(file);
    env = read_actions_env();
    REQUIRE_FALSE(env.event_json.has_value());
    REQUIRE_FALSE(env.event_read_error.empty());
    for (const char* name :
         {"GITHUB_REPOSITORY", "GITHUB_EVENT_PATH", "GITHUB_EVENT_NAME", "GITHUB_API_URL"}) {
        ::unsetenv(name);
    }
}
