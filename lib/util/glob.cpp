#include "util/glob.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace dpipe::util {

namespace {

enum class Kind : unsigned char {
    Literal,  // one given character
    One,      // `?`
    Star,     // `*`: stays while the characters it may take come
    AnyChars, // the characters of a whole-segment `**`, `/` included
};

struct Token {
    Kind kind = Kind::Literal;
    char ch = 0;
    // How far the empty match jumps (1 past a star; 2 past `**/`, over its slash too).
    unsigned char skip = 0;
};

std::vector<Token> compile(std::string_view p, GlobSyntax syntax) {
    std::vector<Token> out;
    out.reserve(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) {
        char c = p[i];
        if (syntax.escapes && c == '\\' && i + 1 < p.size()) {
            out.push_back({Kind::Literal, p[++i], 0});
        } else if (c == '?') {
            out.push_back({Kind::One, 0, 0});
        } else if (c != '*') {
            out.push_back({Kind::Literal, c, 0});
        } else {
            std::size_t run = 1;
            while (i + run < p.size() && p[i + run] == '*') {
                ++run;
            }
            bool starts_segment = i == 0 || p[i - 1] == '/';
            std::size_t after = i + run;
            bool ends_segment = after == p.size() || p[after] == '/';
            i = after - 1;
            if (!syntax.paths) {
                out.push_back({Kind::AnyChars, 0, 1});
            } else if (run >= 2 && starts_segment && ends_segment) {
                if (after < p.size()) { // `**/`: any folders, or none
                    out.push_back({Kind::AnyChars, 0, 2});
                    out.push_back({Kind::Literal, '/', 0});
                    ++i;
                } else {
                    out.push_back({Kind::AnyChars, 0, 1});
                }
            } else {
                out.push_back({Kind::Star, 0, 1});
            }
        }
    }
    return out;
}

// Marks every state reachable from the marked ones through empty matches (they only go forward).
void close(const std::vector<Token>& tokens, std::vector<unsigned char>& states) {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (states[i] != 0 && tokens[i].skip != 0) {
            states[i + tokens[i].skip] = 1;
        }
    }
}

} // namespace

bool glob_match(std::string_view pattern, std::string_view text, GlobSyntax syntax) {
    std::vector<Token> tokens = compile(pattern, syntax);
    std::vector<unsigned char> now(tokens.size() + 1, 0);
    std::vector<unsigned char> next(tokens.size() + 1, 0);
    now[0] = 1;
    close(tokens, now);
    for (char c : text) {
        bool any = false;
        std::fill(next.begin(), next.end(), 0);
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (now[i] == 0) {
                continue;
            }
            const Token& t = tokens[i];
            bool in_segment = !syntax.paths || c != '/';
            switch (t.kind) {
            case Kind::Literal:
                if (c == t.ch) {
                    next[i + 1] = 1;
                    any = true;
                }
                break;
            case Kind::One:
                if (in_segment) {
                    next[i + 1] = 1;
                    any = true;
                }
                break;
            case Kind::Star:
                if (in_segment) {
                    next[i] = 1;
                    any = true;
                }
                break;
            case Kind::AnyChars:
                next[i] = 1;
                any = true;
                break;
            }
        }
        if (!any) {
            return false;
        }
        now.swap(next);
        close(tokens, now);
    }
    return now[tokens.size()] != 0;
}

bool has_wildcard(std::string_view pattern, GlobSyntax syntax) {
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (syntax.escapes && pattern[i] == '\\') {
            ++i;
        } else if (pattern[i] == '*' || pattern[i] == '?') {
            return true;
        }
    }
    return false;
}

} // namespace dpipe::util
