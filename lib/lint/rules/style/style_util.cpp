#include "lint/rules/style/style_rules.hpp"

#include "lint/rules/sql/sql_util.hpp"

#include <algorithm>
#include <array>

namespace dpipe::lint::rules {

namespace {

// Sorted, upper case.
constexpr std::array<std::string_view, 56> k_keywords = {
    "ALL",     "AND",      "AS",        "ASC",     "BETWEEN",   "BY",       "CASE",   "CROSS",    "DESC",
    "DISTINCT", "ELSE",    "END",       "EXCEPT",  "EXISTS",    "FALSE",    "FETCH",  "FOLLOWING", "FROM",
    "FULL",    "GROUP",    "HAVING",    "ILIKE",   "IN",        "INNER",    "INTERSECT", "IS",     "JOIN",
    "LATERAL", "LEFT",     "LIKE",      "LIMIT",   "NATURAL",   "NOT",      "NULL",   "NULLS",    "OFFSET",
    "ON",      "OR",       "ORDER",     "OUTER",   "OVER",      "PARTITION", "PRECEDING", "QUALIFY", "RECURSIVE",
    "RIGHT",   "SELECT",   "THEN",      "TRUE",    "UNBOUNDED", "UNION",    "USING",  "WHEN",     "WHERE",
    "WINDOW",  "WITH",
};

} // namespace

bool is_style_keyword(std::string_view word) {
    if (word.size() < 2 || word.size() > 9) {
        return false;
    }
    char buf[16];
    for (std::size_t i = 0; i < word.size(); ++i) {
        char c = word[i];
        buf[i] = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    std::string_view up(buf, word.size());
    return std::binary_search(k_keywords.begin(), k_keywords.end(), up);
}

WordCase word_case(std::string_view word) {
    bool lower = false;
    bool upper = false;
    for (char c : word) {
        lower = lower || (c >= 'a' && c <= 'z');
        upper = upper || (c >= 'A' && c <= 'Z');
    }
    if (lower && upper) {
        return WordCase::Mixed;
    }
    return lower ? WordCase::Lower : upper ? WordCase::Upper : WordCase::None;
}

CasePolicy CasePolicy::parse(const std::string& s) {
    CasePolicy p;
    if (iequal(s, "upper")) {
        p.want = WordCase::Upper;
    } else if (iequal(s, "lower")) {
        p.want = WordCase::Lower;
    }
    return p;
}

bool CasePolicy::accepts(WordCase c, WordCase& decided) const {
    if (c == WordCase::None) {
        return true;
    }
    WordCase want_now = want != WordCase::None ? want : decided;
    if (want_now == WordCase::None) {
        if (c == WordCase::Mixed) {
            return false;
        }
        decided = c;
        return true;
    }
    return c == want_now;
}

} // namespace dpipe::lint::rules
