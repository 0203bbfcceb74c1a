// Python methods of str, list and dict that dbt code calls, and string formatting.

#include "template/interp.hpp"
#include "template/unicode_case.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace dpipe::tmpl {

void dict_update(Interp& in, Dict& d, const CallArgs& a) {
    for (const auto& p : a.pos) {
        if (p.is_dict()) {
            for (const auto& [k, v] : p.as_dict()->items) {
                d.set(k, v);
            }
        } else {
            for (const auto& pair : in.iterate(p)) {
                std::vector<Value> kv = in.iterate(pair);
                if (kv.size() != 2) {
                    in.fail("TP002", "dictionary update sequence element has wrong length");
                }
                d.set(kv[0], kv[1]);
            }
        }
    }
    for (const auto& [k, v] : a.kw) {
        d.set(Value(k), v);
    }
}

namespace {

const char* const k_str_methods[] = {
    "split", "rsplit", "strip", "lstrip", "rstrip", "upper", "lower", "title", "capitalize", "replace", "format",
    "join", "startswith", "endswith", "find", "rfind", "index", "count", "isdigit", "isalpha", "isalnum",
    "isupper", "islower", "isspace", "splitlines", "zfill", "ljust", "rjust", "center", "partition",
    "rpartition", "removeprefix", "removesuffix", "swapcase", "casefold", "isnumeric", "isdecimal"};
const char* const k_list_methods[] = {"append", "extend", "pop", "index", "count", "insert",
                                      "remove", "reverse", "sort", "copy", "clear"};
const char* const k_dict_methods[] = {"items", "keys", "values", "get", "update", "pop", "setdefault", "copy", "clear"};

template <std::size_t N> bool in_table(const char* const (&table)[N], std::string_view name) {
    for (const char* m : table) {
        if (name == m) {
            return true;
        }
    }
    return false;
}

bool is_ws(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

std::string arg_str(Interp& in, const CallArgs& a, std::size_t i, std::string_view name, std::string_view method) {
    const Value* v = a.get(i, name);
    if (v == nullptr || !v->is_string()) {
        in.fail("TP002", std::string(method) + "() argument must be str");
    }
    return v->as_string();
}

std::string strip_chars(std::string_view s, const Value* chars, bool left, bool right) {
    auto drop = [&](char c) {
        if (chars == nullptr || chars->is_none()) {
            return is_ws(c);
        }
        return chars->str().find(c) != std::string::npos;
    };
    std::size_t b = 0;
    std::size_t e = s.size();
    while (left && b < e && drop(s[b])) {
        ++b;
    }
    while (right && e > b && drop(s[e - 1])) {
        --e;
    }
    return std::string(s.substr(b, e - b));
}

std::vector<Value> split_str(const std::string& s, const Value* sep, std::int64_t maxsplit, bool from_right) {
    std::vector<Value> out;
    if (sep == nullptr || sep->is_none()) {
        std::vector<std::string> words;
        std::size_t i = 0;
        while (i < s.size()) {
            while (i < s.size() && is_ws(s[i])) {
                ++i;
            }
            if (i >= s.size()) {
                break;
            }
            std::size_t j = i;
            while (j < s.size() && !is_ws(s[j])) {
                ++j;
            }
            words.push_back(s.substr(i, j - i));
            i = j;
        }
        if (maxsplit >= 0 && static_cast<std::int64_t>(words.size()) > maxsplit + 1) {
            // Re-split keeping the remainder intact (rare; done simply).
            std::vector<Value> limited;
            std::size_t pos = 0;
            for (std::int64_t k = 0; k < maxsplit; ++k) {
                while (pos < s.size() && is_ws(s[pos])) {
                    ++pos;
                }
                std::size_t j = pos;
                while (j < s.size() && !is_ws(s[j])) {
                    ++j;
                }
                limited.emplace_back(s.substr(pos, j - pos));
                pos = j;
            }
            while (pos < s.size() && is_ws(s[pos])) {
                ++pos;
            }
            limited.emplace_back(strip_chars(s.substr(pos), nullptr, false, true));
            return limited;
        }
        for (auto& w : words) {
            out.emplace_back(std::move(w));
        }
        return out;
    }
    std::string d = sep->str();
    if (d.empty()) {
        return out;
    }
    if (!from_right) {
        std::size_t start = 0;
        std::int64_t n = 0;
        for (;;) {
            std::size_t p = s.find(d, start);
            if (p == std::string::npos || (maxsplit >= 0 && n >= maxsplit)) {
                out.emplace_back(s.substr(start));
                return out;
            }
            out.emplace_back(s.substr(start, p - start));
            start = p + d.size();
            ++n;
        }
    }
    std::vector<Value> rev;
    std::size_t end = s.size();
    std::int64_t n = 0;
    for (;;) {
        std::size_t p = end >= d.size() ? s.rfind(d, end - d.size()) : std::string::npos;
        if (p == std::string::npos || (maxsplit >= 0 && n >= maxsplit)) {
            rev.emplace_back(s.substr(0, end));
            break;
        }
        rev.emplace_back(s.substr(p + d.size(), end - p - d.size()));
        end = p;
        ++n;
    }
    return std::vector<Value>(rev.rbegin(), rev.rend());
}

bool affix_match(Interp& in, const std::string& s, const Value* arg, bool prefix) {
    if (arg == nullptr) {
        in.fail("TP002", std::string(prefix ? "startswith" : "endswith") + "() takes at least 1 argument");
    }
    std::vector<Value> options = arg->is_list() ? arg->as_list()->items : std::vector<Value>{*arg};
    for (const auto& o : options) {
        std::string p = o.str();
        if (p.size() <= s.size() && (prefix ? s.compare(0, p.size(), p) == 0 : s.compare(s.size() - p.size(), p.size(), p) == 0)) {
            return true;
        }
    }
    return false;
}

std::string pad(const std::string& s, std::size_t width, char align, char fill) {
    if (s.size() >= width) {
        return s;
    }
    std::size_t n = width - s.size();
    if (align == '<') {
        return s + std::string(n, fill);
    }
    if (align == '^') {
        return std::string(n / 2, fill) + s + std::string(n - n / 2, fill);
    }
    return std::string(n, fill) + s;
}

Value string_method(Interp& in, const std::string& s, std::string_view name, CallArgs& a) {
    if (name == "upper") {
        return Value(change_case(s, CaseMode::Upper));
    }
    if (name == "lower" || name == "casefold") {
        return Value(change_case(s, CaseMode::Lower));
    }
    if (name == "swapcase") {
        return Value(change_case(s, CaseMode::Swap));
    }
    if (name == "strip" || name == "lstrip" || name == "rstrip") {
        return Value(strip_chars(s, a.get(0, "chars"), name != "rstrip", name != "lstrip"));
    }
    if (name == "split" || name == "rsplit") {
        const Value* maxv = a.get(1, "maxsplit");
        return Value::list(split_str(s, a.get(0, "sep"), maxv ? maxv->as_int() : -1, name == "rsplit"));
    }
    if (name == "splitlines") {
        std::vector<Value> out;
        std::size_t start = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '\n' || s[i] == '\r') {
                out.emplace_back(s.substr(start, i - start));
                if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
                    ++i;
                }
                start = i + 1;
            }
        }
        if (start < s.size()) {
            out.emplace_back(s.substr(start));
        }
        return Value::list(std::move(out));
    }
    if (name == "replace") {
        std::string from = arg_str(in, a, 0, "old", name);
        std::string to = arg_str(in, a, 1, "new", name);
        const Value* cnt = a.get(2, "count");
        std::int64_t limit = cnt ? cnt->as_int() : -1;
        std::string out;
        std::size_t start = 0;
        std::int64_t n = 0;
        if (from.empty()) {
            return Value(s);
        }
        for (;;) {
            std::size_t p = s.find(from, start);
            if (p == std::string::npos || (limit >= 0 && n >= limit)) {
                out.append(s, start, std::string::npos);
                break;
            }
            out.append(s, start, p - start);
            out += to;
            in.charge(to.size());
            in.check_size(out.size());
            start = p + from.size();
            ++n;
        }
        return Value(std::move(out));
    }
    if (name == "format") {
        return Value(python_format(in, s, a));
    }
    if (name == "join") {
        const Value* items = a.get(0, "iterable");
        if (items == nullptr) {
            in.fail("TP002", "join() takes exactly one argument");
        }
        std::string out;
        bool first = true;
        for (const auto& v : in.iterate(*items)) {
            if (!first) {
                out += s;
            }
            first = false;
            if (!v.is_string()) {
                in.fail("TP002", "sequence item: expected str instance, " + v.type_name() + " found");
            }
            out += v.as_string();
            in.check_size(out.size());
        }
        in.charge(out.size());
        return Value(std::move(out));
    }
    if (name == "startswith" || name == "endswith") {
        return Value(affix_match(in, s, a.get(0, "prefix"), name == "startswith"));
    }
    if (name == "find" || name == "rfind" || name == "index") {
        std::string sub = arg_str(in, a, 0, "sub", name);
        std::size_t p = name == "rfind" ? s.rfind(sub) : s.find(sub);
        if (p == std::string::npos) {
            if (name == "index") {
                in.fail("TP002", "substring not found");
            }
            return Value(static_cast<std::int64_t>(-1));
        }
        return Value(static_cast<std::int64_t>(p));
    }
    if (name == "count") {
        std::string sub = arg_str(in, a, 0, "sub", name);
        if (sub.empty()) {
            return Value(static_cast<std::int64_t>(s.size() + 1));
        }
        std::int64_t n = 0;
        for (std::size_t p = s.find(sub); p != std::string::npos; p = s.find(sub, p + sub.size())) {
            ++n;
        }
        return Value(n);
    }
    auto all_of = [&](auto pred) {
        return Value(!s.empty() && std::all_of(s.begin(), s.end(), [&](char c) { return pred(static_cast<unsigned char>(c)) != 0; }));
    };
    if (name == "isdigit" || name == "isnumeric" || name == "isdecimal") {
        return all_of([](unsigned char c) { return std::isdigit(c); });
    }
    if (name == "isalpha") {
        return all_of([](unsigned char c) { return std::isalpha(c); });
    }
    if (name == "isalnum") {
        return all_of([](unsigned char c) { return std::isalnum(c); });
    }
    if (name == "isspace") {
        return all_of([](unsigned char c) { return std::isspace(c); });
    }
    if (name == "isupper" || name == "islower") {
        bool cased = false;
        for (char c : s) {
            auto u = static_cast<unsigned char>(c);
            if (std::isalpha(u)) {
                cased = true;
                if ((name == "isupper") != (std::isupper(u) != 0)) {
                    return Value(false);
                }
            }
        }
        return Value(cased);
    }
    if (name == "title" || name == "capitalize") {
        return Value(change_case(s, name == "title" ? CaseMode::Title : CaseMode::Capitalize));
    }
    if (name == "zfill" || name == "ljust" || name == "rjust" || name == "center") {
        const Value* w = a.get(0, "width");
        if (w == nullptr || !(w->is_int() || w->is_bool())) {
            in.fail("TP002", std::string(name) + "() takes an integer width");
        }
        auto width = static_cast<std::size_t>(std::clamp<std::int64_t>(w->as_int(), 0, 1 << 20));
        const Value* f = a.get(1, "fillchar");
        char fill = (f && f->is_string() && f->as_string().size() == 1) ? f->as_string()[0] : ' ';
        if (name == "zfill") {
            if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
                return Value(s.substr(0, 1) + pad(s.substr(1), width > 0 ? width - 1 : 0, '>', '0'));
            }
            return Value(pad(s, width, '>', '0'));
        }
        return Value(pad(s, width, name == "ljust" ? '<' : (name == "rjust" ? '>' : '^'), fill));
    }
    if (name == "partition" || name == "rpartition") {
        std::string sep = arg_str(in, a, 0, "sep", name);
        if (sep.empty()) {
            in.fail("TP002", "empty separator");
        }
        std::size_t p = name == "partition" ? s.find(sep) : s.rfind(sep);
        if (p == std::string::npos) {
            return name == "partition" ? Value::list({Value(s), Value(""), Value("")}, true)
                                       : Value::list({Value(""), Value(""), Value(s)}, true);
        }
        return Value::list({Value(s.substr(0, p)), Value(sep), Value(s.substr(p + sep.size()))}, true);
    }
    if (name == "removeprefix" || name == "removesuffix") {
        std::string x = arg_str(in, a, 0, "prefix", name);
        if (name == "removeprefix" && s.compare(0, x.size(), x) == 0) {
            return Value(s.substr(x.size()));
        }
        if (name == "removesuffix" && x.size() <= s.size() && s.compare(s.size() - x.size(), x.size(), x) == 0) {
            return Value(s.substr(0, s.size() - x.size()));
        }
        return Value(s);
    }
    in.fail("TP002", "'str' object has no attribute '" + std::string(name) + "'");
}

Value list_method(Interp& in, const ListPtr& l, std::string_view name, CallArgs& a) {
    auto& items = l->items;
    auto need = [&](std::size_t n) {
        if (a.pos.size() < n) {
            in.fail("TP002", std::string(name) + "() takes " + std::to_string(n) + " argument(s)");
        }
    };
    if (l->is_tuple && name != "index" && name != "count") {
        in.fail("TP002", "'tuple' object has no attribute '" + std::string(name) + "'");
    }
    if (name == "append" || name == "insert" || name == "extend") {
        in.note_mutation(Value(l));
    }
    if (name == "append") {
        need(1);
        in.count_iteration();
        items.push_back(a.pos[0]);
        return Value::none();
    }
    if (name == "extend") {
        need(1);
        for (auto& v : in.iterate(a.pos[0])) {
            in.count_iteration();
            items.push_back(std::move(v));
        }
        return Value::none();
    }
    if (name == "insert") {
        need(2);
        auto n = static_cast<std::int64_t>(items.size());
        std::int64_t i = a.pos[0].is_number() ? a.pos[0].as_int() : 0;
        i = std::clamp<std::int64_t>(i < 0 ? i + n : i, 0, n);
        in.count_iteration();
        items.insert(items.begin() + i, a.pos[1]);
        return Value::none();
    }
    if (name == "pop") {
        if (items.empty()) {
            in.fail("TP002", "pop from empty list");
        }
        auto n = static_cast<std::int64_t>(items.size());
        std::int64_t i = a.pos.empty() ? n - 1 : a.pos[0].as_int();
        if (i < 0) {
            i += n;
        }
        if (i < 0 || i >= n) {
            in.fail("TP002", "pop index out of range");
        }
        Value v = items[static_cast<std::size_t>(i)];
        items.erase(items.begin() + i);
        return v;
    }
    if (name == "index" || name == "count" || name == "remove") {
        need(1);
        std::int64_t count = 0;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (values_equal(items[i], a.pos[0])) {
                if (name == "index") {
                    return Value(static_cast<std::int64_t>(i));
                }
                if (name == "remove") {
                    items.erase(items.begin() + static_cast<std::ptrdiff_t>(i));
                    return Value::none();
                }
                ++count;
            }
        }
        if (name == "count") {
            return Value(count);
        }
        in.fail("TP002", a.pos[0].repr() + " is not in list");
    }
    if (name == "reverse") {
        std::reverse(items.begin(), items.end());
        return Value::none();
    }
    if (name == "sort") {
        CallArgs fa;
        for (const auto& [k, v] : a.kw) {
            fa.kw.emplace_back(k, v);
        }
        Value sorted = in.apply_filter("sort", Value(l), fa);
        items = sorted.as_list()->items;
        return Value::none();
    }
    if (name == "copy") {
        return Value::list(items);
    }
    if (name == "clear") {
        items.clear();
        return Value::none();
    }
    in.fail("TP002", "'list' object has no attribute '" + std::string(name) + "'");
}

Value dict_method(Interp& in, const DictPtr& d, std::string_view name, CallArgs& a) {
    if (name == "update" || name == "setdefault") {
        in.note_mutation(Value(d));
    }
    if (name == "items" || name == "keys" || name == "values") {
        std::vector<Value> out;
        out.reserve(d->items.size());
        for (const auto& [k, v] : d->items) {
            if (name == "items") {
                out.push_back(Value::list({k, v}, true));
            } else {
                out.push_back(name == "keys" ? k : v);
            }
        }
        return Value::list(std::move(out));
    }
    if (name == "get") {
        if (a.pos.empty()) {
            in.fail("TP002", "get expected at least 1 argument, got 0");
        }
        if (const Value* v = d->find(a.pos[0])) {
            return *v;
        }
        return a.pos.size() > 1 ? a.pos[1] : Value::none();
    }
    if (name == "update") {
        dict_update(in, *d, a);
        return Value::none();
    }
    if (name == "pop") {
        if (a.pos.empty()) {
            in.fail("TP002", "pop expected at least 1 argument, got 0");
        }
        if (const Value* v = d->find(a.pos[0])) {
            Value out = *v;
            d->erase(a.pos[0]);
            return out;
        }
        if (a.pos.size() > 1) {
            return a.pos[1];
        }
        in.fail("TP002", "KeyError: " + a.pos[0].repr());
    }
    if (name == "setdefault") {
        if (a.pos.empty()) {
            in.fail("TP002", "setdefault expected at least 1 argument, got 0");
        }
        if (const Value* v = d->find(a.pos[0])) {
            return *v;
        }
        Value dflt = a.pos.size() > 1 ? a.pos[1] : Value::none();
        d->set(a.pos[0], dflt);
        return dflt;
    }
    if (name == "copy") {
        auto c = std::make_shared<Dict>(*d);
        return Value(std::move(c));
    }
    if (name == "clear") {
        d->items.clear();
        return Value::none();
    }
    in.fail("TP002", "'dict' object has no attribute '" + std::string(name) + "'");
}

} // namespace

bool has_builtin_method(const Value& self, std::string_view name) {
    if (self.is_string()) {
        return in_table(k_str_methods, name);
    }
    if (self.is_list()) {
        return in_table(k_list_methods, name);
    }
    if (self.is_dict()) {
        return in_table(k_dict_methods, name);
    }
    return false;
}

Value call_builtin_method(Interp& in, const Value& self, std::string_view name, CallArgs& args, bool& found) {
    found = has_builtin_method(self, name);
    if (self.is_string()) {
        return string_method(in, self.as_string(), name, args);
    }
    if (self.is_list()) {
        return list_method(in, self.as_list(), name, args);
    }
    if (self.is_dict()) {
        return dict_method(in, self.as_dict(), name, args);
    }
    in.fail("TP002", "'" + self.type_name() + "' object has no attribute '" + std::string(name) + "'");
}

} // namespace dpipe::tmpl
