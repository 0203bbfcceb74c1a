#include "github/sticky.hpp"

#include "util/strings.hpp"

namespace dpipe::github {

namespace {

constexpr int k_create_rounds = 3;

bool newer(const IssueComment& a, const IssueComment& b) {
    if (a.created_at != b.created_at) {
        return a.created_at > b.created_at;
    }
    return a.id > b.id;
}

} // namespace

util::Result<StickyComment, GitHubError> upsert_sticky_comment(GitHubClient& client,
                                                               const PullRequestRef& pr,
                                                               std::string_view marker,
                                                               std::string_view body) {
    if (util::trim(marker).empty()) {
        GitHubError e;
        e.kind = GitHubError::Kind::Config;
        e.message = "GitHub: a sticky comment needs a non-empty marker";
        return util::unexpected(std::move(e));
    }
    std::string full_body(body);
    if (full_body.find(marker) == std::string::npos) {
        full_body = std::string(marker) + "\n" + full_body;
    }
    auto login = client.identity();
    if (!login) {
        return util::unexpected(login.error());
    }

    for (int round = 1;; ++round) {
        auto comments = client.list_issue_comments(pr.repo, pr.number);
        if (!comments) {
            return util::unexpected(comments.error());
        }
        const IssueComment* newest = nullptr;
        int mine = 0;
        for (const IssueComment& c : *comments) {
            if (!util::iequals(c.author, *login) || c.body.find(marker) == std::string::npos) {
                continue;
            }
            ++mine;
            if (newest == nullptr || newer(c, *newest)) {
                newest = &c;
            }
        }
        StickyComment result;
        if (newest != nullptr) {
            result.other_copies = mine - 1;
            result.comment_id = newest->id;
            result.url = newest->html_url;
            if (newest->body == full_body) {
                result.action = StickyComment::Action::Unchanged;
                return result;
            }
            auto edited = client.edit_issue_comment(pr.repo, newest->id, full_body);
            if (!edited) {
                return util::unexpected(edited.error());
            }
            result.action = StickyComment::Action::Updated;
            if (!edited->html_url.empty()) {
                result.url = edited->html_url;
            }
            return result;
        }
        auto created = client.create_issue_comment(pr.repo, pr.number, full_body);
        if (!created) {
            if (created.error().maybe_applied && round < k_create_rounds) {
                continue; // look whether it was posted before trying again
            }
            return util::unexpected(created.error());
        }
        result.action = StickyComment::Action::Created;
        result.comment_id = created->id;
        result.url = created->html_url;
        return result;
    }
}

} // namespace dpipe::github
