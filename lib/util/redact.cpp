#include "util/redact.hpp"

#include <algorithm>
#include <array>
#include <mutex>
#include <optional>
#include <vector>

namespace dpipe::util {

namespace {

struct Registry {
    std::mutex mutex;
    std::vector<std::string> values; // unique, longest first
};

Registry& registry() {
    static Registry* r = new Registry(); // never destroyed: output may happen during exit
    return *r;
}

bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_upper_or_digit(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_b64url(char c) { return is_alnum(c) || c == '-' || c == '_'; }
bool is_word(char c) { return is_alnum(c) || c == '_'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_ci(std::string_view text, std::size_t i, std::string_view word) {
    if (text.size() - i < word.size()) {
        return false;
    }
    for (std::size_t k = 0; k < word.size(); ++k) {
        if (lower(text[i + k]) != lower(word[k])) {
            return false;
        }
    }
    return true;
}

template <class Pred> std::size_t span(std::string_view text, std::size_t i, Pred pred) {
    std::size_t j = i;
    while (j < text.size() && pred(text[j])) {
        ++j;
    }
    return j - i;
}

// A match: text[at, at + keep) stays, the next `secret` bytes become "****".
struct Match {
    std::size_t keep = 0;
    std::size_t secret = 0;
};

struct Prefixed {
    std::string_view prefix;
    bool (*body)(char);
    std::size_t min_body;
    std::size_t max_body; // 0: unbounded
};

bool github_body(char c) { return is_alnum(c); }
bool github_pat_body(char c) { return is_word(c); }
bool slack_body(char c) { return is_alnum(c) || c == '-'; }

constexpr Prefixed k_prefixed[] = {
    {"ghp_", github_body, 20, 0},     {"gho_", github_body, 20, 0},
    {"ghs_", github_body, 20, 0},     {"ghu_", github_body, 20, 0},
    {"ghr_", github_body, 20, 0},     {"github_pat_", github_pat_body, 20, 0},
    {"AKIA", is_upper_or_digit, 16, 16}, {"ASIA", is_upper_or_digit, 16, 16},
    {"xoxa-", slack_body, 10, 0},     {"xoxb-", slack_body, 10, 0},
    {"xoxp-", slack_body, 10, 0},     {"xoxr-", slack_body, 10, 0},
    {"xoxs-", slack_body, 10, 0},     {"AIza", is_b64url, 35, 35},
};

std::optional<Match> match_prefixed(std::string_view text, std::size_t i) {
    if (i > 0 && is_word(text[i - 1])) {
        return std::nullopt;
    }
    for (const auto& p : k_prefixed) {
        if (text.compare(i, p.prefix.size(), p.prefix) != 0) {
            continue;
        }
        std::size_t n = span(text, i + p.prefix.size(), p.body);
        if (n < p.min_body || (p.max_body != 0 && n > p.max_body)) {
            continue;
        }
        return Match{0, p.prefix.size() + n};
    }
    return std::nullopt;
}

// eyJ<b64url>.eyJ<b64url>.<b64url>
std::optional<Match> match_jwt(std::string_view text, std::size_t i) {
    if ((i > 0 && is_b64url(text[i - 1])) || text.compare(i, 3, "eyJ") != 0) {
        return std::nullopt;
    }
    std::size_t j = i + 3 + span(text, i + 3, is_b64url);
    if (j >= text.size() || text[j] != '.' || text.compare(j + 1, 3, "eyJ") != 0) {
        return std::nullopt;
    }
    j += 4;
    j += span(text, j, is_b64url);
    if (j >= text.size() || text[j] != '.') {
        return std::nullopt;
    }
    ++j;
    j += span(text, j, is_b64url);
    return Match{0, j - i};
}

// -----BEGIN ... PRIVATE KEY----- up to and including its END line (or the end of the text).
std::optional<Match> match_pem(std::string_view text, std::size_t i) {
    constexpr std::string_view begin = "-----BEGIN ";
    if (text.compare(i, begin.size(), begin) != 0) {
        return std::nullopt;
    }
    std::size_t eol = text.find('\n', i);
    std::string_view line = text.substr(i, eol == std::string_view::npos ? eol : eol - i);
    if (line.find("PRIVATE KEY-----") == std::string_view::npos) {
        return std::nullopt;
    }
    std::size_t end = text.find("-----END ", i + begin.size());
    if (end == std::string_view::npos) {
        return Match{0, text.size() - i};
    }
    std::size_t close = text.find("-----", end + 9);
    std::size_t stop = close == std::string_view::npos ? text.size() : close + 5;
    return Match{0, stop - i};
}

// scheme://user:PASSWORD@host
std::optional<Match> match_url(std::string_view text, std::size_t i) {
    if (text.compare(i, 3, "://") != 0) {
        return std::nullopt;
    }
    std::size_t start = i + 3;
    std::size_t end = start;
    while (end < text.size() && !is_space(text[end]) && text[end] != '/' && text[end] != '"' &&
           text[end] != '\'' && text[end] != '<' && text[end] != '>' && text[end] != '?' &&
           text[end] != '#' && text[end] != '\\') {
        ++end;
    }
    std::string_view authority = text.substr(start, end - start);
    std::size_t at = authority.rfind('@');
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    std::size_t colon = authority.find(':');
    if (colon == std::string_view::npos || colon >= at || at - colon - 1 == 0) {
        return std::nullopt;
    }
    return Match{3 + colon + 1, at - colon - 1};
}

// password=VALUE, password = 'VALUE' (libpq key/value), also as part of PGPASSWORD=VALUE.
std::optional<Match> match_password(std::string_view text, std::size_t i) {
    constexpr std::string_view key = "password";
    if (!starts_with_ci(text, i, key)) {
        return std::nullopt;
    }
    std::size_t j = i + key.size();
    j += span(text, j, [](char c) { return c == ' ' || c == '\t'; });
    if (j >= text.size() || text[j] != '=') {
        return std::nullopt;
    }
    ++j;
    j += span(text, j, [](char c) { return c == ' ' || c == '\t'; });
    std::size_t value = j;
    if (j < text.size() && text[j] == '\'') {
        std::size_t k = j + 1;
        while (k < text.size() && text[k] != '\'') {
            k += text[k] == '\\' ? 2 : 1;
        }
        k = std::min(k, text.size());
        if (k - j - 1 == 0) {
            return std::nullopt;
        }
        return Match{value + 1 - i, k - j - 1};
    }
    std::size_t n = span(text, j, [](char c) {
        // '\\' ends it too, so that an escaped quote in JSON text is never swallowed.
        return !is_space(c) && c != '&' && c != '"' && c != '\'' && c != '<' && c != ';' &&
               c != '\\';
    });
    if (n == 0) {
        return std::nullopt;
    }
    return Match{value - i, n};
}

// `text` with known token formats masked, into `out`; false (and `out` untouched) when none
// occurs, so that the common case copies nothing.
bool mask_patterns(std::string_view text, std::string& out) {
    // Only these bytes can start a pattern; the text between candidates is copied in runs.
    static constexpr auto k_starts = [] {
        std::array<bool, 256> t{};
        for (char c : std::string_view("gAxe-:pP")) {
            t[static_cast<unsigned char>(c)] = true;
        }
        return t;
    }();
    bool found = false;
    std::size_t copied = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (!k_starts[static_cast<unsigned char>(c)]) {
            ++i;
            continue;
        }
        std::optional<Match> m;
        if (c == 'g' || c == 'A' || c == 'x') {
            m = match_prefixed(text, i);
        } else if (c == 'e') {
            m = match_jwt(text, i);
        } else if (c == '-') {
            m = match_pem(text, i);
        } else if (c == ':') {
            m = match_url(text, i);
        } else {
            m = match_password(text, i);
        }
        if (!m) {
            ++i;
            continue;
        }
        if (!found) {
            found = true;
            out.clear();
            out.reserve(text.size());
        }
        out.append(text.substr(copied, i + m->keep - copied));
        out.append(k_redacted);
        i += m->keep + m->secret;
        copied = i;
    }
    if (found) {
        out.append(text.substr(copied));
    }
    return found;
}

// `text` with registered values replaced, into `out`; false (and `out` untouched) when none
// occurs. Longer values first, each applied to the result of the previous ones.
bool replace_registered(std::string_view text, std::string& out) {
    std::vector<std::string> values;
    {
        auto& r = registry();
        std::lock_guard<std::mutex> lock(r.mutex);
        if (r.values.empty()) {
            return false;
        }
        values = r.values;
    }
    // `view` is the text so far: the input until a registered value is found, then `current`.
    std::string_view view = text;
    std::string current;
    bool found = false;
    for (const auto& v : values) {
        std::size_t pos = view.find(v);
        if (pos == std::string_view::npos) {
            continue;
        }
        std::string next;
        next.reserve(view.size());
        std::size_t from = 0;
        while (pos != std::string_view::npos) {
            next.append(view.substr(from, pos - from));
            next.append(k_redacted);
            from = pos + v.size();
            pos = view.find(v, from);
        }
        next.append(view.substr(from));
        current = std::move(next);
        view = current;
        found = true;
    }
    if (found) {
        out = std::move(current);
    }
    return found;
}

} // namespace

void register_secret(std::string_view value) {
    if (value.size() < k_min_secret_length) {
        return;
    }
    auto& r = registry();
    std::lock_guard<std::mutex> lock(r.mutex);
    if (std::find(r.values.begin(), r.values.end(), value) != r.values.end()) {
        return;
    }
    r.values.emplace_back(value);
    std::stable_sort(r.values.begin(), r.values.end(),
                     [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

void clear_registered_secrets() {
    auto& r = registry();
    std::lock_guard<std::mutex> lock(r.mutex);
    r.values.clear();
}

std::string redact(std::string_view text) {
    std::string out(text);
    redact_in_place(out);
    return out;
}

void redact_in_place(std::string& text) {
    std::string out;
    if (replace_registered(text, out)) {
        text = std::move(out);
    }
    if (mask_patterns(text, out)) {
        text = std::move(out);
    }
}

bool is_secret_name(std::string_view name) {
    std::string upper;
    for (char c : name) {
        upper += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    if (upper.rfind("DBT_ENV_SECRET_", 0) == 0) {
        return true;
    }
    for (std::string_view word : {"TOKEN", "SECRET", "PASSWORD", "PASS", "KEY", "CREDENTIAL"}) {
        if (upper.find(word) != std::string::npos) {
            return true;
        }
    }
    return false;
}

} // namespace dpipe::util
