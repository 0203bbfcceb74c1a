#pragma once
// The sticky pull request comment: one comment per pull request and marker, edited in place on
// every run instead of adding a new one.

#include "github/client.hpp"

#include <string>
#include <string_view>

namespace dpipe::github {

// GitHub refuses comment bodies longer than this many characters; callers budget below it.
inline constexpr std::size_t k_max_comment_chars = 65'536;

struct StickyComment {
    enum class Action { Created, Updated, Unchanged };
    Action action = Action::Created;
    long long comment_id = 0;
    std::string url;      // html_url of the comment
    int other_copies = 0; // older comments with the marker by the same author, left alone
};

// Finds the comments of pull request `pr` that contain `marker` (a hidden HTML comment such as
// "<!-- dpipe:plan -->") and were written by the token's own identity (client.identity(),
// compared case-insensitively); comments by anyone else are ignored even when they carry the
// marker. The newest of them (latest created_at, then highest id) is edited to `body`, or left
// as is when it already says exactly that (Unchanged); the others are left alone. With none, a
// new comment is created. The body sent always contains the marker: it is put on the first
// line when `body` lacks it.
//
// Never creates a duplicate knowingly: when creating fails in a way that may have posted the
// comment anyway (a 5xx or a timeout), the comments are listed again and an appearing one is
// edited instead (at most two such rounds). Errors: an empty marker (Kind::Config), or the
// client's errors.
util::Result<StickyComment, GitHubError> upsert_sticky_comment(GitHubClient& client,
                                                               const PullRequestRef& pr,
                                                               std::string_view marker,
                                                               std::string_view body);

} // namespace dpipe::github
