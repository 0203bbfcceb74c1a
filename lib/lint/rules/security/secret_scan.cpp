#include "lint/rules/security/secret_scan.hpp"

#include "lint/rules/sql/sql_util.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace dpipe::lint::rules {

namespace {

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_upper_digit(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_word(char c) { return is_alnum(c) || c == '_'; }
bool is_b64url(char c) { return is_alnum(c) || c == '_' || c == '-'; }
bool is_b64(char c) { return is_alnum(c) || c == '+' || c == '/' || c == '='; }

template <class Pred>
std::size_t run_of(std::string_view t, std::size_t i, Pred p) {
    std::size_t j = i;
    while (j < t.size() && p(t[j])) {
        ++j;
    }
    return j - i;
}

bool starts(std::string_view t, std::size_t i, std::string_view s) { return t.substr(i, s.size()) == s; }

bool boundary_before(std::string_view t, std::size_t i) { return i == 0 || !is_word(t[i - 1]); }

// Provider formats at `i`: the kind and the length of the match, or nullptr.
const char* match_format(std::string_view t, std::size_t i, std::size_t& len) {
    const char c = t[i];
    if (c == 'g' && boundary_before(t, i)) {
        for (std::string_view p : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}) {
            if (starts(t, i, p)) {
                std::size_t n = run_of(t, i + 4, is_alnum);
                if (n >= 36) {
                    len = 4 + n;
                    return "GitHub token";
                }
            }
        }
        if (starts(t, i, "github_pat_")) {
            std::size_t n = run_of(t, i + 11, is_word);
            if (n >= 22) {
                len = 11 + n;
                return "GitHub fine-grained token";
            }
        }
    } else if (c == 'A' && boundary_before(t, i)) {
        for (std::string_view p : {"AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA"}) {
            if (starts(t, i, p) && run_of(t, i + 4, is_upper_digit) == 16 &&
                (i + 20 >= t.size() || !is_alnum(t[i + 20])) && t.substr(i, 20).find("EXAMPLE") == std::string_view::npos) {
                len = 20;
                return "AWS access key id";
            }
        }
        if (starts(t, i, "AIza")) {
            std::size_t n = run_of(t, i + 4, is_b64url);
            if (n >= 35) {
                len = 4 + n;
                return "Google API key";
            }
        }
        if (starts(t, i, "AccountKey=")) {
            std::size_t n = run_of(t, i + 11, is_b64);
            if (n >= 40 && !is_placeholder(t.substr(i + 11, n))) {
                len = 11 + n;
                return "Azure storage account key";
            }
        }
    } else if (c == 'S' && starts(t, i, "SharedAccessKey=")) {
        std::size_t n = run_of(t, i + 16, is_b64);
        if (n >= 40 && !is_placeholder(t.substr(i + 16, n))) {
            len = 16 + n;
            return "Azure shared access key";
        }
    } else if (c == 'x' && boundary_before(t, i) && starts(t, i, "xox") && i + 4 < t.size() &&
               std::string_view("baprs").find(t[i + 3]) != std::string_view::npos && t[i + 4] == '-') {
        std::size_t n = run_of(t, i + 5, [](char ch) { return is_alnum(ch) || ch == '-'; });
        if (n >= 10 && !is_placeholder(t.substr(i + 5, n))) {
            len = 5 + n;
            return "Slack token";
        }
    } else if (c == 'h' && starts(t, i, "hooks.slack.com/services/")) {
        std::size_t n = run_of(t, i + 25, [](char ch) { return is_alnum(ch) || ch == '/'; });
        if (n >= 20 && !is_placeholder(t.substr(i + 25, n))) {
            len = 25 + n;
            return "Slack webhook URL";
        }
    } else if (c == '-' && starts(t, i, "-----BEGIN ")) {
        std::size_t end = t.find("-----", i + 11);
        if (end != std::string_view::npos && end - i < 60) {
            std::string_view label = t.substr(i + 11, end - i - 11);
            if (label.find("PRIVATE KEY") != std::string_view::npos) {
                // Real key material follows; a "..." placeholder does not.
                std::size_t j = end + 5;
                std::size_t body = 0;
                for (std::size_t k = j; k < t.size() && k < j + 400 && body < 40; ++k) {
                    char ch = t[k];
                    if (is_b64(ch)) {
                        ++body;
                    } else if (ch == '\\' && k + 1 < t.size() && t[k + 1] == 'n') {
                        ++k;
                    } else if (ch != '\n' && ch != '\r' && ch != ' ' && ch != '\t' && ch != '"') {
                        break;
                    }
                }
                if (body >= 40) {
                    len = end + 5 - i;
                    return "private key";
                }
            }
        }
    } else if (c == 'e' && boundary_before(t, i) && starts(t, i, "eyJ")) {
        std::size_t a = run_of(t, i, is_b64url);
        if (a >= 10 && i + a < t.size() && t[i + a] == '.' && starts(t, i + a + 1, "eyJ")) {
            std::size_t b = run_of(t, i + a + 1, is_b64url);
            std::size_t k = i + a + 1 + b;
            if (b >= 10 && k < t.size() && t[k] == '.') {
                std::size_t s = run_of(t, k + 1, is_b64url);
                if (s >= 10) {
                    len = k + 1 + s - i;
                    return "JSON web token";
                }
            }
        }
    }
    return nullptr;
}

// Every word of every scanned file is a candidate key, so this is the scan's inner loop: the key
// is lower-cased once and only the words starting with its letter are compared at a position.
bool key_is_secret(std::string_view key) {
    static constexpr std::array<std::string_view, 13> k_words{
        "password", "passwd", "pwd", "secret", "token", "api_key", "apikey", "api-key",
        "access_key", "private_key", "passphrase", "credential", "auth_key"};
    static constexpr std::string_view k_firsts = "pstac";
    constexpr std::size_t k_shortest = 3;
    std::array<char, 256> buf;
    if (key.size() < k_shortest) {
        return false;
    }
    if (key.size() > buf.size()) {
        return std::any_of(k_words.begin(), k_words.end(),
                           [&](std::string_view w) { return ifind(key, w) != std::string_view::npos; });
    }
    for (std::size_t i = 0; i < key.size(); ++i) {
        const char c = key[i];
        buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    const std::string_view lower(buf.data(), key.size());
    for (std::size_t i = 0; i + k_shortest <= lower.size(); ++i) {
        if (k_firsts.find(lower[i]) == std::string_view::npos) {
            continue;
        }
        for (std::string_view w : k_words) {
            if (w[0] == lower[i] && lower.substr(i, w.size()) == w) {
                return true;
            }
        }
    }
    return false;
}

// Names that refer to where a secret is, not what it is.
bool key_names_a_reference(std::string_view key) {
    for (std::string_view s : {"_env", "_var", "_file", "_path", "_name", "_id", "_type", "_url", "_length",
                               "_expires", "_expiry", "_ttl", "_hash", "_column"}) {
        if (key.size() > s.size() && iequal(key.substr(key.size() - s.size()), s)) {
            return true;
        }
    }
    return false;
}

// snake_case or SCREAMING_CASE words: a column or variable name, not a secret.
bool identifier_like(std::string_view v) {
    bool lower = false, upper = false;
    for (char c : v) {
        if (c >= 'a' && c <= 'z') {
            lower = true;
        } else if (c >= 'A' && c <= 'Z') {
            upper = true;
        } else if (c != '_' && c != '.') {
            return false;
        }
    }
    return !(lower && upper);
}

int char_classes(std::string_view v) {
    bool lower = false, upper = false, digit = false, other = false;
    for (char c : v) {
        if (c >= 'a' && c <= 'z') {
            lower = true;
        } else if (c >= 'A' && c <= 'Z') {
            upper = true;
        } else if (c >= '0' && c <= '9') {
            digit = true;
        } else {
            other = true;
        }
    }
    return int(lower) + int(upper) + int(digit) + int(other);
}

// A `key <op> value` assignment starting at key offset `i`: the value's offset and length.
bool assignment_value(std::string_view t, std::size_t key_end, std::size_t& vbegin, std::size_t& vlen) {
    std::size_t j = key_end;
    if (j < t.size() && (t[j] == '"' || t[j] == '\'')) {
        ++j; // the closing quote of a quoted key (JSON, TOML)
    }
    while (j < t.size() && (t[j] == ' ' || t[j] == '\t')) {
        ++j;
    }
    if (j >= t.size()) {
        return false;
    }
    if (t[j] == ':' && j + 1 < t.size() && t[j + 1] == '=') {
        j += 2;
    } else if (t[j] == '=' && j + 1 < t.size() && t[j + 1] == '>') {
        j += 2;
    } else if (t[j] == ':' || t[j] == '=') {
        j += 1;
        if (j < t.size() && t[j] == '=') {
            return false; // a comparison (==)
        }
    } else {
        return false;
    }
    while (j < t.size() && (t[j] == ' ' || t[j] == '\t')) {
        ++j;
    }
    if (j >= t.size()) {
        return false;
    }
    char quote = 0;
    if (t[j] == '"' || t[j] == '\'' || t[j] == '`') {
        quote = t[j++];
    }
    std::size_t k = j;
    while (k < t.size() && t[k] != '\n' && t[k] != '\r') {
        char ch = t[k];
        if (quote != 0 ? ch == quote : (ch == ' ' || ch == '\t' || ch == ',' || ch == ';' || ch == ')' || ch == '}' ||
                                        ch == '#' || ch == '"' || ch == '\'')) {
            break;
        }
        ++k;
    }
    vbegin = j;
    vlen = k - j;
    return vlen > 0;
}

} // namespace

double shannon_entropy(std::string_view s) {
    if (s.empty()) {
        return 0.0;
    }
    std::array<unsigned, 256> counts{};
    for (unsigned char c : s) {
        ++counts[c];
    }
    double h = 0.0;
    const double n = static_cast<double>(s.size());
    for (unsigned k : counts) {
        if (k != 0) {
            double p = k / n;
            h -= p * std::log2(p);
        }
    }
    return h;
}

bool is_placeholder(std::string_view v) {
    if (v.empty()) {
        return true;
    }
    for (std::string_view p : {"${", "{{", "{%", "<", "%(", "$", "[", "os.environ", "process.env"}) {
        if (v.substr(0, p.size()) == p) {
            return true;
        }
    }
    for (std::string_view w : {"env_var", "env:", "xxxx", "****", "....", "your", "example", "placeholder", "dummy",
                               "changeme", "change_me", "redacted", "replace", "insert", "todo"}) {
        if (ifind(v, w) != std::string_view::npos) {
            return true;
        }
    }
    // One character repeated ("aaaaaaaa", "00000000").
    bool same = true;
    for (char c : v) {
        same = same && c == v[0];
    }
    return same;
}

bool is_password_key(std::string_view key) {
    if (key_names_a_reference(key)) {
        return false;
    }
    for (std::string_view w : {"password", "passwd", "passphrase"}) {
        if (ifind(key, w) != std::string_view::npos) {
            return true;
        }
    }
    return iequal(key, "pwd") || iequal(key, "pass");
}

void scan_secrets(std::string_view t, const SecretScanOptions& options, std::vector<SecretHit>& out) {
    std::size_t covered = 0; // end of the last hit: nothing inside it is reported twice
    std::size_t i = 0;
    while (i < t.size()) {
        std::size_t len = 0;
        if (const char* kind = match_format(t, i, len)) {
            out.push_back(SecretHit{i, kind});
            covered = i + len;
            i += len;
            continue;
        }
        // A key that names a secret, followed by an assignment.
        if (is_word(t[i]) && boundary_before(t, i) && (t[i] < '0' || t[i] > '9')) {
            std::size_t n = run_of(t, i, [](char ch) { return is_word(ch) || ch == '-' || ch == '.'; });
            std::string_view key = t.substr(i, n);
            std::size_t vb = 0;
            std::size_t vl = 0;
            if (key_is_secret(key) && !key_names_a_reference(key) &&
                !(options.skip_password_keys && is_password_key(key)) && assignment_value(t, i + n, vb, vl)) {
                std::string_view value = t.substr(vb, vl);
                std::size_t vlen = 0;
                const char* kind = match_format(t, vb, vlen);
                if (kind != nullptr) {
                    out.push_back(SecretHit{vb, kind});
                    covered = vb + vlen;
                    i = covered;
                    continue;
                }
                const bool aws = ifind(key, "aws") != std::string_view::npos && ifind(key, "secret") != std::string_view::npos;
                if (vb >= covered && value.size() >= options.min_length && !is_placeholder(value) &&
                    char_classes(value) >= 2 && !identifier_like(value) && shannon_entropy(value) >= options.entropy_threshold) {
                    out.push_back(SecretHit{vb, aws && value.size() == 40 ? "AWS secret access key" : "secret value"});
                    covered = vb + vl;
                    i = covered;
                    continue;
                }
            }
            i += n;
            continue;
        }
        ++i;
    }
}

} // namespace dpipe::lint::rules
