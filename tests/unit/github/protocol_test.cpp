// Pure parsing: Link headers, comment objects, GitHub's error messages, URL origins.

#include "github/protocol.hpp"
#include "net/http.hpp"

#include <catch2/catch.hpp>

using namespace dpipe::github;
namespace net = dpipe::net;

TEST_CASE("next_link finds rel=next in a Link header", "[github]") {
    std::string header = "<https://api.github.com/repositories/1/issues/7/comments?per_page=100"
                         "&page=2>; rel=\"next\", <https://api.github.com/repositories/1/issues/"
                         "7/comments?per_page=100&page=5>; rel=\"last\"";
    REQUIRE(next_link(header) ==
            "https://api.github.com/repositories/1/issues/7/comments?per_page=100&page=2");
    REQUIRE(next_link("<https://x/a?page=1>; rel=\"prev\", <https://x/a?page=3>; rel=\"next\"") ==
            "https://x/a?page=3");
    REQUIRE(next_link("<https://x/a?page=1>; rel=\"first\", <https://x/a?page=2>; rel=\"prev\"")
                .empty());
    REQUIRE(next_link("").empty());
    REQUIRE(next_link("<https://x/unterminated; rel=\"next\"").empty());
}

TEST_CASE("comments are parsed with their author, deleted accounts included", "[github]") {
    auto cs = parse_comments(R"([{"id":1,"body":"a","user":{"login":"octo"},"html_url":"u",
        "created_at":"2024-01-01T00:00:00Z"},{"id":2,"body":null,"user":null}])");
    REQUIRE(cs.ok());
    REQUIRE(cs->size() == 2);
    REQUIRE(cs->at(0).author == "octo");
    REQUIRE(cs->at(0).html_url == "u");
    REQUIRE(cs->at(1).author.empty());
    REQUIRE(cs->at(1).body.empty());
    REQUIRE_FALSE(parse_comments("{}").ok());
    REQUIRE_FALSE(parse_comments("[{\"body\":\"no id\"}]").ok());
    REQUIRE_FALSE(parse_comment("not json").ok());
    REQUIRE(parse_login(R"({"login":"octo"})").value() == "octo");
    REQUIRE_FALSE(parse_login(R"({"id":1})").ok());
}

TEST_CASE("the comment payload is JSON-escaped", "[github]") {
    REQUIRE(comment_payload("<!-- m -->\n\"q\"") == R"({"body":"<!-- m -->\n\"q\""})");
}

TEST_CASE("error_message joins GitHub's message and validation errors on one line", "[github]") {
    REQUIRE(error_message(R"j({"message":"Validation Failed","errors":[{"resource":"IssueComment",
        "code":"custom","message":"Body is too long (maximum is 65536 characters)"}]})j") ==
            "Validation Failed; Body is too long (maximum is 65536 characters)");
    REQUIRE(error_message(R"({"message":"a\nb","errors":[{"code":"missing"}, "plain"]})") ==
            "a b; missing; plain");
    REQUIRE(error_message("<html>502</html>").empty());
    std::string long_message = R"({"message":")" + std::string(1000, 'x') + "\"}";
    REQUIRE(error_message(long_message).size() == 303);
}

TEST_CASE("url_origin normalises scheme, host and port", "[github]") {
    REQUIRE(net::url_origin("https://api.github.com/repos/o/r") == "https://api.github.com:443");
    REQUIRE(net::url_origin("HTTPS://API.GitHub.com:443") == "https://api.github.com:443");
    REQUIRE(net::url_origin("http://127.0.0.1:8080/api/v3?x=1") == "http://127.0.0.1:8080");
    REQUIRE(net::url_origin("http://user:pw@ghe.local/api") == "http://ghe.local:80");
    REQUIRE(net::url_origin("http://[::1]/x") == "http://[::1]:80");
    REQUIRE(net::url_origin("ftp://host/x").empty());
    REQUIRE(net::url_origin("/relative").empty());
    REQUIRE(net::url_origin("https://").empty());
}
