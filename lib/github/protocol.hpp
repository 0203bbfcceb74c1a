#pragma once
// The GitHub REST payloads dpipe reads and writes, as pure functions over strings.

#include "util/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace dpipe::github {

// An issue or pull request comment (GitHub's issue comment object, the fields dpipe uses).
struct IssueComment {
    long long id = 0;
    std::string body;
    std::string author;     // user.login; "" for a deleted account
    std::string html_url;   // where people see it
    std::string created_at; // ISO 8601 UTC ("2024-01-02T03:04:05Z"), sorts as text
};

// The target of rel="next" in an RFC 8288 Link header, or "" when there is none.
std::string next_link(std::string_view link_header);

// One comment object / an array of them. Errors say what is malformed.
util::Result<IssueComment, std::string> parse_comment(std::string_view json);
util::Result<std::vector<IssueComment>, std::string> parse_comments(std::string_view json);

// The login in a GET /user answer.
util::Result<std::string, std::string> parse_login(std::string_view json);

// The request body {"body": "..."} for creating or editing a comment.
std::string comment_payload(std::string_view body);

// GitHub's explanation in an error answer: "message", followed by the "message" or "code" of
// each entry of "errors" (validation failures), on one line and at most 300 bytes; "" when the
// body is not such a JSON object. The caller must still redact it.
std::string error_message(std::string_view json);

} // namespace dpipe::github
