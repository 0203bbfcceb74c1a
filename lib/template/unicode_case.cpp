#include "template/unicode_case.hpp"

#include <cstdint>

namespace dpipe::tmpl {

namespace {

std::uint32_t decode(std::string_view s, std::size_t& i) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c >= 0xF0 ? 4 : (c >= 0xE0 ? 3 : (c >= 0xC0 ? 2 : 1));
    if (len == 1 || i + len > s.size()) {
        ++i;
        return c;
    }
    std::uint32_t cp = c & (0xFF >> (len + 1));
    for (std::size_t k = 1; k < len; ++k) {
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    i += len;
    return cp;
}


std::uint32_t to_upper(std::uint32_t c) {
    if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7) || (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) ||
        (c >= 0x430 && c <= 0x44F)) {
        return c - 32;
    }
    if (c >= 0x450 && c <= 0x45F) {
        return c - 80;
    }
    if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 && c != 0x17F) {
        bool odd_lower = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
        if (odd_lower ? (c % 2 == 0) : (c % 2 == 1)) {
            return c - 1;
        }
    }
    return c;
}

std::uint32_t to_lower(std::uint32_t c) {
    if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) ||
        (c >= 0x410 && c <= 0x42F)) {
        return c + 32;
    }
    if (c >= 0x400 && c <= 0x40F) {
        return c + 80;
    }
    if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 && c != 0x17F) {
        bool odd_lower = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
        if (odd_lower ? (c % 2 == 1) : (c % 2 == 0)) {
            return c + 1;
        }
    }
    return c;
}

bool is_letter(std::uint32_t c) {
    return to_upper(c) != c || to_lower(c) != c || c == 0xDF;
}

bool jinja_break(std::uint32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '-' || c == '(' ||
           c == '{' || c == '[' || c == '<';
}

} // namespace

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | ((cp >> 18) & 0x07));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string change_case(std::string_view s, CaseMode mode, bool jinja_title) {
    std::string out;
    out.reserve(s.size());
    bool start = true;
    std::size_t i = 0;
    while (i < s.size()) {
        std::uint32_t c = decode(s, i);
        switch (mode) {
        case CaseMode::Upper: append_utf8(out, to_upper(c)); break;
        case CaseMode::Lower: append_utf8(out, to_lower(c)); break;
        case CaseMode::Swap: append_utf8(out, to_upper(c) != c ? to_upper(c) : to_lower(c)); break;
        case CaseMode::Capitalize:
            append_utf8(out, start ? to_upper(c) : to_lower(c));
            start = false;
            break;
        case CaseMode::Title:
            if (jinja_title) {
                if (jinja_break(c)) {
                    append_utf8(out, c);
                    start = true;
                    break;
                }
                append_utf8(out, start ? to_upper(c) : to_lower(c));
                start = false;
            } else {
                append_utf8(out, start ? to_upper(c) : to_lower(c));
                start = !is_letter(c);
            }
            break;
        }
    }
    return out;
}

} // namespace dpipe::tmpl
