#pragma once
// GitHub's CODEOWNERS: one rule per line, `pattern owner...`; the last matching rule wins and a
// rule without owners removes ownership. Patterns follow GitHub's (gitignore-like) rules:
//   `*` matches within one path segment, `**` across segments, `?` one character;
//   a leading `/` anchors the pattern at the repository root, as does a `/` inside it;
//   a pattern without a `/` (other than a trailing one) matches at any depth;
//   a trailing `/` (or a pattern naming a directory) matches everything below it.
// Comments (`#`) and blank lines are ignored; `\#` is a literal '#'.

#include <string>
#include <string_view>
#include <vector>

namespace dpipe::plan {

struct CodeownersRule {
    std::string pattern;
    std::vector<std::string> owners;
    int line = 0;
};

class Codeowners {
  public:
    static Codeowners parse(std::string_view text);

    // Owners of `path` (relative to the repository root, '/'-separated), from the last rule that
    // matches; empty when none does. `rule`, when given, receives the matching rule.
    std::vector<std::string> owners_of(std::string_view path,
                                       const CodeownersRule** rule = nullptr) const;

    const std::vector<CodeownersRule>& rules() const { return m_rules; }

  private:
    std::vector<CodeownersRule> m_rules;
};

// True when `pattern` (a CODEOWNERS pattern) matches `path`.
bool codeowners_match(std::string_view pattern, std::string_view path);

// The locations GitHub reads, in its order of preference.
inline constexpr const char* k_codeowners_files[] = {".github/CODEOWNERS", "CODEOWNERS",
                                                     "docs/CODEOWNERS"};

} // namespace dpipe::plan
