#include "lint/glob.hpp"

namespace dpipe::lint {

namespace {

bool match(std::string_view p, std::string_view s) {
    while (!p.empty()) {
        if (p.substr(0, 2) == "**") {
            std::string_view rest = p.substr(2);
            if (!rest.empty() && rest.front() == '/') {
                // "**/" also matches no folder at all.
                if (match(rest.substr(1), s)) {
                    return true;
                }
            }
            for (std::size_t i = 0; i <= s.size(); ++i) {
                if (match(rest, s.substr(i))) {
                    return true;
                }
            }
            return false;
        }
        char c = p.front();
        if (c == '*') {
            for (std::size_t i = 0; i <= s.size(); ++i) {
                if (match(p.substr(1), s.substr(i))) {
                    return true;
                }
                if (i < s.size() && s[i] == '/') {
                    break;
                }
            }
            return false;
        }
        if (s.empty() || (c == '?' ? s.front() == '/' : c != s.front())) {
            return false;
        }
        p.remove_prefix(1);
        s.remove_prefix(1);
    }
    return s.empty();
}

} // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
    while (pattern.size() > 1 && pattern.back() == '/') {
        pattern.remove_suffix(1);
    }
    if (pattern.substr(0, 2) == "./") {
        pattern.remove_prefix(2);
    }
    if (match(pattern, path)) {
        return true;
    }
    // A folder: everything below it.
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] == '/' && match(pattern, path.substr(0, i))) {
            return true;
        }
    }
    return false;
}

} // namespace dpipe::lint
