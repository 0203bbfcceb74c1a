#include "plan/codeowners.hpp"

#include "util/glob.hpp"
#include "util/strings.hpp"

namespace dpipe::plan {

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
    // A pattern that names a directory owns everything below it, except `dir/*`, which GitHub
    // documents as matching only the directory's direct files.
    bool descend =
        !(pat == "**/*" || (pat.size() >= 2 && pat.compare(pat.size() - 2, 2, "/*") == 0));
    const util::GlobSyntax syntax{true, true};
    if (util::glob_match(pat, path, syntax)) {
        return true;
    }
    for (std::size_t i = descend ? path.size() : 0; i-- > 0;) {
        if (path[i] == '/' && util::glob_match(pat, path.substr(0, i), syntax)) {
            return true;
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
