// dbt's `modules`: datetime (datetime.cpp), re, itertools and pytz. `re` runs Python patterns
// on std::regex (ECMAScript) after translating what differs: named groups (?P<n>...), inline
// flags at the start, \A and \Z, and \1 / \g<1> in replacements. pytz zones carry no offset:
// times stay as they are (dpipe renders without a warehouse clock).

#include "template/dbt_context.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

namespace dpipe::tmpl {

namespace {

Value obj(std::shared_ptr<Object> o) {
    return Value(std::move(o));
}

constexpr std::int64_t k_ignorecase = 2;
constexpr std::int64_t k_multiline = 8;
constexpr std::int64_t k_dotall = 16;

// A Python pattern as ECMAScript; `flags` gains the inline flags.
std::string translate_pattern(std::string_view p, std::int64_t& flags) {
    std::string out;
    std::size_t i = 0;
    if (p.substr(0, 2) == "(?" && p.size() > 2 && p[2] != 'P' && p[2] != ':' && p[2] != '=' && p[2] != '!' &&
        p[2] != '<') {
        std::size_t close = p.find(')');
        if (close != std::string_view::npos) {
            for (char c : p.substr(2, close - 2)) {
                flags |= c == 'i' ? k_ignorecase : (c == 'm' ? k_multiline : (c == 's' ? k_dotall : 0));
            }
            i = close + 1;
        }
    }
    for (; i < p.size(); ++i) {
        if (p[i] == '\\' && i + 1 < p.size()) {
            char n = p[i + 1];
            if (n == 'A') {
                out += '^';
            } else if (n == 'Z') {
                out += '$';
            } else {
                out += p[i];
                out += n;
            }
            ++i;
        } else if (p.substr(i, 4) == "(?P<") {
            std::size_t close = p.find('>', i);
            out += '(';
            i = close == std::string_view::npos ? i + 3 : close;
        } else if (p[i] == '.' && (flags & k_dotall) != 0) {
            out += "[\\s\\S]";
        } else {
            out += p[i];
        }
    }
    return out;
}

std::regex compile(Interp& in, const Value& pattern, const Value* flags_v) {
    std::int64_t flags = flags_v != nullptr && flags_v->is_int() ? flags_v->as_int() : 0;
    std::string p = translate_pattern(pattern.str(), flags);
    auto f = std::regex::ECMAScript;
    if ((flags & k_ignorecase) != 0) {
        f |= std::regex::icase;
    }
    if ((flags & k_multiline) != 0) {
        f |= std::regex::multiline;
    }
    try {
        return std::regex(p, f);
    } catch (const std::regex_error& e) {
        in.fail("TP002", "re: bad pattern '" + pattern.str() + "': " + e.what());
    }
}

// A Python replacement string (\1, \g<1>, \g<name> unsupported by name) as an ECMAScript format.
std::string translate_replacement(std::string_view r) {
    std::string out;
    for (std::size_t i = 0; i < r.size(); ++i) {
        if (r[i] == '$') {
            out += "$$";
        } else if (r[i] == '\\' && i + 1 < r.size()) {
            char n = r[i + 1];
            if (n >= '0' && n <= '9') {
                out += '$';
                out += n;
            } else if (n == 'g' && i + 2 < r.size() && r[i + 2] == '<') {
                std::size_t close = r.find('>', i);
                out += '$';
                out += std::string(r.substr(i + 3, close - i - 3));
                i = close - 1;
            } else if (n == 'n') {
                out += '\n';
            } else if (n == 't') {
                out += '\t';
            } else {
                out += n;
            }
            ++i;
        } else {
            out += r[i];
        }
    }
    return out;
}

class Match : public Object {
public:
    Match(std::smatch m, std::string subject) : m_subject(std::move(subject)) {
        for (std::size_t i = 0; i < m.size(); ++i) {
            m_groups.push_back(m[i].matched ? Value(m[i].str()) : Value::none());
            m_spans.emplace_back(m[i].matched ? m.position(i) : -1,
                                 m[i].matched ? m.position(i) + m.length(i) : -1);
        }
    }
    std::string_view type_name() const override { return "Match"; }
    std::string str() const override { return "<re.Match object; match='" + m_groups[0].str() + "'>"; }
    Value get_attr(Interp& in, std::string_view name) override {
        if (name == "string") {
            return Value(m_subject);
        }
        for (const char* m : {"group", "groups", "start", "end", "span"}) {
            if (name == m) {
                return obj(std::make_shared<Method>(std::static_pointer_cast<Match>(shared_from_this()), m));
            }
        }
        return Object::get_attr(in, name);
    }
    Value get_item(Interp& in, const Value& key) override { return group(in, key); }

    Value group(Interp& in, const Value& key) const {
        if (!key.is_int() || key.as_int() < 0 || static_cast<std::size_t>(key.as_int()) >= m_groups.size()) {
            in.fail("TP002", "no such group");
        }
        return m_groups[static_cast<std::size_t>(key.as_int())];
    }

private:
    class Method : public Object {
    public:
        Method(std::shared_ptr<Match> m, std::string name) : m_m(std::move(m)), m_name(std::move(name)) {}
        std::string_view type_name() const override { return "method"; }
        bool callable() const override { return true; }
        Value call(Interp& in, CallArgs& a) override {
            if (m_name == "groups") {
                return Value::list(std::vector<Value>(m_m->m_groups.begin() + 1, m_m->m_groups.end()), true);
            }
            Value idx = a.pos.empty() ? Value(0) : a.pos[0];
            if (m_name == "group") {
                if (a.pos.size() > 1) {
                    std::vector<Value> out;
                    for (const auto& k : a.pos) {
                        out.push_back(m_m->group(in, k));
                    }
                    return Value::list(std::move(out), true);
                }
                return m_m->group(in, idx);
            }
            m_m->group(in, idx); // range check
            auto [start, end] = m_m->m_spans[static_cast<std::size_t>(idx.as_int())];
            if (m_name == "start") {
                return Value(static_cast<std::int64_t>(start));
            }
            if (m_name == "end") {
                return Value(static_cast<std::int64_t>(end));
            }
            return Value::list({Value(static_cast<std::int64_t>(start)), Value(static_cast<std::int64_t>(end))}, true);
        }

    private:
        std::shared_ptr<Match> m_m;
        std::string m_name;
    };
    std::vector<Value> m_groups;
    std::vector<std::pair<long, long>> m_spans;
    std::string m_subject;
};

// re.<fn>(pattern, ...) and compiled patterns' methods (pattern bound first).
Value re_call(Interp& in, std::string_view fn, const Value& pattern, const Value* flags, CallArgs& a, std::size_t at) {
    std::regex re = compile(in, pattern, flags);
    auto arg = [&](std::size_t i, std::string_view name) { return a.get(at + i, name); };
    if (fn == "sub" || fn == "subn") {
        const Value* repl = arg(0, "repl");
        const Value* s = arg(1, "string");
        const Value* count = arg(2, "count");
        if (repl == nullptr || s == nullptr) {
            in.fail("TP002", "re.sub() needs a replacement and a string");
        }
        std::string subject = s->str();
        auto mf = count != nullptr && count->is_int() && count->as_int() == 1 ? std::regex_constants::format_first_only
                                                                              : std::regex_constants::format_default;
        std::string out = std::regex_replace(subject, re, translate_replacement(repl->str()), mf);
        in.charge(out.size());
        return Value(std::move(out));
    }
    const Value* s = arg(0, "string");
    if (s == nullptr) {
        in.fail("TP002", "re." + std::string(fn) + "() needs a string");
    }
    std::string subject = s->str();
    if (fn == "findall") {
        std::vector<Value> out;
        for (auto it = std::sregex_iterator(subject.begin(), subject.end(), re); it != std::sregex_iterator(); ++it) {
            in.count_iteration();
            const std::smatch& m = *it;
            if (m.size() == 1) {
                out.emplace_back(m[0].str());
            } else if (m.size() == 2) {
                out.emplace_back(m[1].str());
            } else {
                std::vector<Value> groups;
                for (std::size_t g = 1; g < m.size(); ++g) {
                    groups.emplace_back(m[g].str());
                }
                out.push_back(Value::list(std::move(groups), true));
            }
        }
        return Value::list(std::move(out));
    }
    if (fn == "split") {
        std::vector<Value> out;
        for (auto it = std::sregex_token_iterator(subject.begin(), subject.end(), re, -1);
             it != std::sregex_token_iterator(); ++it) {
            in.count_iteration();
            out.emplace_back(it->str());
        }
        return Value::list(std::move(out));
    }
    std::smatch m;
    bool ok = false;
    if (fn == "match") {
        ok = std::regex_search(subject, m, re, std::regex_constants::match_continuous);
    } else if (fn == "fullmatch") {
        ok = std::regex_match(subject, m, re);
    } else {
        ok = std::regex_search(subject, m, re);
    }
    return ok ? obj(std::make_shared<Match>(m, subject)) : Value::none();
}

bool re_function(std::string_view n) {
    return n == "sub" || n == "subn" || n == "match" || n == "search" || n == "fullmatch" || n == "findall" ||
           n == "split";
}

class Pattern : public Object {
public:
    Pattern(Value pattern, Value flags) : m_pattern(std::move(pattern)), m_flags(std::move(flags)) {}
    std::string_view type_name() const override { return "Pattern"; }
    Value get_attr(Interp& in, std::string_view name) override {
        if (name == "pattern") {
            return m_pattern;
        }
        if (re_function(name)) {
            return obj(std::make_shared<Fn>(std::static_pointer_cast<Pattern>(shared_from_this()), std::string(name)));
        }
        return Object::get_attr(in, name);
    }

private:
    class Fn : public Object {
    public:
        Fn(std::shared_ptr<Pattern> p, std::string name) : m_p(std::move(p)), m_name(std::move(name)) {}
        std::string_view type_name() const override { return "method"; }
        bool callable() const override { return true; }
        Value call(Interp& in, CallArgs& a) override { return re_call(in, m_name, m_p->m_pattern, &m_p->m_flags, a, 0); }

    private:
        std::shared_ptr<Pattern> m_p;
        std::string m_name;
    };
    Value m_pattern, m_flags;
};

class ReFn : public Object {
public:
    explicit ReFn(std::string name) : m_name(std::move(name)) {}
    std::string_view type_name() const override { return "function"; }
    bool callable() const override { return true; }
    Value call(Interp& in, CallArgs& a) override {
        const Value* pattern = a.get(0, "pattern");
        if (pattern == nullptr) {
            in.fail("TP002", "re." + m_name + "() needs a pattern");
        }
        if (m_name == "escape") {
            std::string out;
            for (char c : pattern->str()) {
                if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && static_cast<unsigned char>(c) < 128) {
                    out += '\\';
                }
                out += c;
            }
            return Value(std::move(out));
        }
        const Value* flags = a.get(1, "flags");
        if (m_name == "compile") {
            compile(in, *pattern, flags); // errors now, like Python
            return obj(std::make_shared<Pattern>(*pattern, flags ? *flags : Value(0)));
        }
        std::size_t flags_at = m_name == "sub" || m_name == "subn" ? 4 : (m_name == "split" ? 3 : 2);
        const Value* f = a.get(flags_at, "flags");
        return re_call(in, m_name, *pattern, f, a, 1);
    }

private:
    std::string m_name;
};

// itertools.product / chain / combinations / permutations, eagerly as lists of tuples.
class IterFn : public Object {
public:
    explicit IterFn(std::string name) : m_name(std::move(name)) {}
    std::string_view type_name() const override { return "function"; }
    bool callable() const override { return true; }
    Value call(Interp& in, CallArgs& a) override {
        std::vector<Value> out;
        if (m_name == "chain") {
            for (const auto& s : a.pos) {
                for (auto& v : in.iterate(s)) {
                    in.count_iteration();
                    out.push_back(std::move(v));
                }
            }
            return Value::list(std::move(out));
        }
        if (m_name == "product") {
            std::vector<std::vector<Value>> seqs;
            for (const auto& s : a.pos) {
                seqs.push_back(in.iterate(s));
            }
            if (const Value* r = a.get(static_cast<std::size_t>(-1), "repeat"); r != nullptr && r->is_int()) {
                auto base = seqs;
                for (std::int64_t k = 1; k < r->as_int(); ++k) {
                    seqs.insert(seqs.end(), base.begin(), base.end());
                }
            }
            std::vector<Value> cur;
            product(in, seqs, 0, cur, out);
            return Value::list(std::move(out));
        }
        const Value* it = a.get(0, "iterable");
        std::vector<Value> pool = it ? in.iterate(*it) : std::vector<Value>();
        const Value* r = a.get(1, "r");
        std::size_t n = r != nullptr && r->is_int() && r->as_int() >= 0 ? static_cast<std::size_t>(r->as_int()) : pool.size();
        std::vector<std::size_t> idx;
        choose(in, pool, n, m_name == "permutations", idx, out);
        return Value::list(std::move(out));
    }

private:
    static void product(Interp& in, const std::vector<std::vector<Value>>& seqs, std::size_t i, std::vector<Value>& cur,
                        std::vector<Value>& out) {
        if (i == seqs.size()) {
            in.count_iteration();
            out.push_back(Value::list(cur, true));
            return;
        }
        for (const auto& v : seqs[i]) {
            cur.push_back(v);
            product(in, seqs, i + 1, cur, out);
            cur.pop_back();
        }
    }
    static void choose(Interp& in, const std::vector<Value>& pool, std::size_t n, bool perm, std::vector<std::size_t>& idx,
                       std::vector<Value>& out) {
        if (idx.size() == n) {
            in.count_iteration();
            std::vector<Value> t;
            for (auto k : idx) {
                t.push_back(pool[k]);
            }
            out.push_back(Value::list(std::move(t), true));
            return;
        }
        for (std::size_t k = perm || idx.empty() ? 0 : idx.back() + 1; k < pool.size(); ++k) {
            if (perm && std::find(idx.begin(), idx.end(), k) != idx.end()) {
                continue;
            }
            idx.push_back(k);
            choose(in, pool, n, perm, idx, out);
            idx.pop_back();
        }
    }
    std::string m_name;
};

class TimeZone : public Object {
public:
    explicit TimeZone(std::string name) : m_name(std::move(name)) {}
    std::string_view type_name() const override { return "timezone"; }
    std::string str() const override { return m_name; }
    Value get_attr(Interp& in, std::string_view name) override {
        if (name == "zone") {
            return Value(m_name);
        }
        if (name == "localize" || name == "normalize") {
            class Same : public Object {
            public:
                std::string_view type_name() const override { return "method"; }
                bool callable() const override { return true; }
                Value call(Interp&, CallArgs& a) override { return a.pos.empty() ? Value::none() : a.pos[0]; }
            };
            return obj(std::make_shared<Same>());
        }
        return Object::get_attr(in, name);
    }

private:
    std::string m_name;
};

// pytz.all_timezones without the tz database: holds every name shaped like a zone name.
class ZoneList : public Object {
public:
    std::string_view type_name() const override { return "list"; }
    bool iterate(std::vector<Value>& out) const override {
        out.emplace_back("UTC");
        return true;
    }
    int contains(const Value& item) const override {
        if (!item.is_string()) {
            return 0;
        }
        const std::string& s = item.as_string();
        if (s == "UTC" || s == "GMT" || s == "Etc/UTC" || s == "Zulu") {
            return 1;
        }
        std::size_t slash = s.find('/');
        bool shaped = slash != std::string::npos && slash > 0 && slash + 1 < s.size() &&
                      std::isupper(static_cast<unsigned char>(s[0])) != 0;
        for (char c : s) {
            shaped = shaped && (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '/' || c == '_' || c == '-' || c == '+');
        }
        return shaped ? 1 : 0;
    }
};

class Module : public Object {
public:
    explicit Module(std::string name) : m_name(std::move(name)) {}
    std::string_view type_name() const override { return "module"; }
    std::string str() const override { return "<module '" + m_name + "'>"; }
    Value get_attr(Interp& in, std::string_view name) override {
        if (m_name == "modules") {
            if (name == "datetime") {
                return make_datetime_module();
            }
            if (name == "re" || name == "itertools" || name == "pytz") {
                return obj(std::make_shared<Module>(std::string(name)));
            }
        } else if (m_name == "re") {
            if (re_function(name) || name == "compile" || name == "escape") {
                return obj(std::make_shared<ReFn>(std::string(name)));
            }
            if (name == "I" || name == "IGNORECASE") {
                return Value(k_ignorecase);
            }
            if (name == "M" || name == "MULTILINE") {
                return Value(k_multiline);
            }
            if (name == "S" || name == "DOTALL") {
                return Value(k_dotall);
            }
            if (name == "X" || name == "VERBOSE" || name == "A" || name == "ASCII" || name == "U" || name == "UNICODE") {
                return Value(static_cast<std::int64_t>(0));
            }
        } else if (m_name == "itertools") {
            if (name == "product" || name == "chain" || name == "combinations" || name == "permutations") {
                return obj(std::make_shared<IterFn>(std::string(name)));
            }
        } else if (m_name == "pytz") {
            if (name == "timezone") {
                class Ctor : public Object {
                public:
                    std::string_view type_name() const override { return "function"; }
                    bool callable() const override { return true; }
                    Value call(Interp&, CallArgs& a) override {
                        return obj(std::make_shared<TimeZone>(a.pos.empty() ? "UTC" : a.pos[0].str()));
                    }
                };
                return obj(std::make_shared<Ctor>());
            }
            if (name == "utc" || name == "UTC") {
                return obj(std::make_shared<TimeZone>("UTC"));
            }
            if (name == "all_timezones" || name == "common_timezones" || name == "all_timezones_set") {
                return obj(std::make_shared<ZoneList>());
            }
        }
        return Object::get_attr(in, name);
    }

private:
    std::string m_name;
};

} // namespace

Value make_modules() {
    return obj(std::make_shared<Module>("modules"));
}

} // namespace dpipe::tmpl
