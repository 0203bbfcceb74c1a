#pragma once
// The factories of the style rules (ST), one per rule file, listed in registry.cpp, and the
// keyword test the case rules share.

#include "lint/rule.hpp"

#include <memory>
#include <string_view>

namespace dpipe::lint::rules {

std::unique_ptr<Rule> make_keyword_case();           // ST001
std::unique_ptr<Rule> make_identifier_case();        // ST002
std::unique_ptr<Rule> make_trailing_whitespace();    // ST003
std::unique_ptr<Rule> make_tab_indentation();        // ST004
std::unique_ptr<Rule> make_final_newline();          // ST005
std::unique_ptr<Rule> make_line_length();            // ST006
std::unique_ptr<Rule> make_comma_position();         // ST007
std::unique_ptr<Rule> make_select_list_indentation(); // ST008

// True for the reserved words the keyword-case rule judges (SELECT, FROM, JOIN, ...), in any
// case. Words that are often column or function names (first, last, left(...)) are not.
bool is_style_keyword(std::string_view word);

// Which case a word is written in.
enum class WordCase { None, Lower, Upper, Mixed };
WordCase word_case(std::string_view word);

// "upper" | "lower" | "consistent" as configured; a policy other than consistent fixes the case.
struct CasePolicy {
    WordCase want = WordCase::None; // None: consistent, decided by the first word of the file
    static CasePolicy parse(const std::string& s);
    // Whether `c` is accepted; for the consistent policy the first cased word decides (`decided`).
    bool accepts(WordCase c, WordCase& decided) const;
};

} // namespace dpipe::lint::rules
