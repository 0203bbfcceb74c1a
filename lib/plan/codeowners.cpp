#include "plan/codeowners.hpp"

#include "util/strings.hpp"

namespace dpipe::plan {

namespace {

std::vector<std::string_view> split_segments(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        std::size_t slash = s.find('/', start);
        if (slash == std::string_view::npos) {
            slash = s.size();
        }
        if (slash > start) {
            out.push_back(s.substr(start, slash - start));
        }
        start = slash + 1;
    }
    return out;
}

// `*` and `?` within one segment (iterative, with backtracking to the last star).
bool match_segment(std::string_view pat, std::string_view text) {
    std::size_t p = 0;
    std::size_t t = 0;
    std::size_t star = std::string_view::npos;
    std::size_t mark = 0;
    while (t < text.size()) {
        if (p < pat.size() && pat[p] == '\\' && p + 1 < pat.size() && pat[p + 1] == text[t]) {
            p += 2;
            ++t;
        } else if (p < pat.size() && (pat[p] == '?' || pat[p] == text[t])) {
            ++p;
            ++t;
        } else if (p < pat.size() && pat[p] == '*') {
            star = p++;
            mark = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pat.size() && pat[p] == '*') {
        ++p;
    }
    return p == pat.size();
}

bool match_segments(const std::vector<std::string_view>& pat, std::size_t pi,
                    const std::vector<std::string_view>& path, std::size_t ti) {
    if (pi == pat.size()) {
        return ti == path.size();
    }
    if (pat[pi] == "**") {
        for (std::size_t k = ti; k <= path.size(); ++k) {
            if (match_segments(pat, pi + 1, path, k)) {
                return true;
            }
        }
        return false;
    }
    if (ti == path.size() || !match_segment(pat[pi], path[ti])) {
        return false;
    }
    return match_segments(pat, pi + 1, path, ti + 1);
}

} // namespace

bool codeowners_match(std::string_view pattern, std::string_view path) {
    std::string pat(pattern);
    bool anchored = false;
    if (!pat.empty() && pat.front() == '/') {
        anchored = true;
        pat.erase(0, 1);
    }
    while (!pat.empty() && pat.back() == '/') {
        pat.pop_back();
    }
    if (pat.empty()) {
        return false;
    }
    if (pat.find('/') != std::string::npos) {
        anchored = true;
    }
    if (!anchored) {
        pat = "**/" + pat;
    }
    auto pat_segments = split_segments(pat);
    auto path_segments = split_segments(path);
    // A pattern that names a directory owns everything below it, except `dir/*`, which GitHub
    // documents as matching only the directory's direct files.
    bool descend = pat_segments.back() != "*";
    for (std::size_t n = path_segments.size(); n >= 1; --n) {
        std::vector<std::string_view> prefix(path_segments.begin(),
                                             path_segments.begin() + static_cast<long>(n));
        if (match_segments(pat_segments, 0, prefix, 0)) {
            return true;
        }
        if (!descend) {
            break;
        }
    }
    return false;
}

Codeowners Codeowners::parse(std::string_view text) {
    Codeowners out;
    int line_no = 0;
    for (auto line : util::split(text, '\n')) {
        ++line_no;
        std::string l(util::trim(line));
        // Comments: a '#' that is not escaped starts one.
        std::string clean;
        for (std::size_t i = 0; i < l.size(); ++i) {
            if (l[i] == '\\' && i + 1 < l.size() && l[i + 1] == '#') {
                clean += '#';
                ++i;
            } else if (l[i] == '#') {
                break;
            } else {
                clean += l[i];
            }
        }
        std::vector<std::string> words;
        std::string word;
        for (char c : clean) {
            if (c == ' ' || c == '\t' || c == '\r') {
                if (!word.empty()) {
                    words.push_back(std::move(word));
                    word.clear();
                }
            } else {
                word += c;
            }
        }
        if (!word.empty()) {
            words.push_back(std::move(word));
        }
        if (words.empty()) {
            continue;
        }
        CodeownersRule rule;
        rule.pattern = words.front();
        rule.owners.assign(words.begin() + 1, words.end());
        rule.line = line_no;
        out.m_rules.push_back(std::move(rule));
    }
    return out;
}

std::vector<std::string> Codeowners::owners_of(std::string_view path,
                                               const CodeownersRule** rule) const {
    for (auto it = m_rules.rbegin(); it != m_rules.rend(); ++it) {
        if (codeowners_match(it->pattern, path)) {
            if (rule != nullptr) {
                *rule = &*it;
            }
            return it->owners;
        }
    }
    if (rule != nullptr) {
        *rule = nullptr;
    }
    return {};
}

} // namespace dpipe::plan
