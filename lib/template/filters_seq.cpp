// Jinja filters over sequences: sort, unique, map, select, batch, sum, min/max, ...

#include "template/filters_impl.hpp"

#include <algorithm>

namespace dpipe::tmpl::filters {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

Value attribute_path(Interp& in, const Value& item, const Value& path) {
    if (!path.is_string()) {
        return in.get_item(item, path);
    }
    Value cur = item;
    std::string_view p = path.as_string();
    while (true) {
        std::size_t dot = p.find('.');
        std::string_view part = p.substr(0, dot);
        bool digits = !part.empty() && std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (cur.is_undefined()) {
            return cur;
        }
        cur = digits && part.size() < 18 ? in.get_item(cur, Value(static_cast<std::int64_t>(std::stoll(std::string(part)))))
                                         : in.get_item(cur, Value(part));
        if (dot == std::string_view::npos) {
            return cur;
        }
        p.remove_prefix(dot + 1);
    }
}

static Value fold(const Value& v, bool case_sensitive) {
    if (!case_sensitive && v.is_string()) {
        return Value(lower(v.as_string()));
    }
    return v;
}

bool key_less(Interp& in, const Value& a, const Value& b, bool case_sensitive) {
    bool ok = true;
    bool r = value_less(fold(a, case_sensitive), fold(b, case_sensitive), ok);
    if (!ok) {
        in.fail("TP002", "'<' not supported between instances of '" + a.type_name() + "' and '" + b.type_name() + "'");
    }
    return r;
}

bool key_equal(const Value& a, const Value& b, bool case_sensitive) {
    return values_equal(fold(a, case_sensitive), fold(b, case_sensitive));
}

namespace {

bool flag(const CallArgs& a, std::size_t i, std::string_view name, bool dflt) {
    const Value* v = a.get(i, name);
    return v ? v->truthy() : dflt;
}

// select/reject/selectattr/rejectattr: test name and arguments follow the fixed ones.
std::vector<Value> select_items(Interp& in, const Value& v, CallArgs& args, bool by_attr, bool keep) {
    std::size_t first = 0;
    Value attr;
    if (by_attr) {
        if (args.pos.empty()) {
            in.fail("TP002", "missing parameter for attribute name");
        }
        attr = args.pos[0];
        first = 1;
    }
    std::string test;
    CallArgs targs;
    if (args.pos.size() > first) {
        test = args.pos[first].str();
        targs.pos.assign(args.pos.begin() + static_cast<std::ptrdiff_t>(first) + 1, args.pos.end());
        targs.kw = args.kw;
    }
    std::vector<Value> out;
    for (auto& item : in.iterate(v)) {
        Value probe = by_attr ? attribute_path(in, item, attr) : item;
        bool ok = test.empty() ? probe.truthy() : in.apply_test(test, probe, targs);
        if (ok == keep) {
            out.push_back(std::move(item));
        }
    }
    return out;
}

} // namespace

std::optional<Value> sequence_filter(Interp& in, std::string_view name, Value& v, CallArgs& args) {
    if (name == "sort") {
        bool reverse = flag(args, 0, "reverse", false);
        bool cs = flag(args, 1, "case_sensitive", false);
        const Value* attr = args.get(2, "attribute");
        std::vector<Value> items = in.iterate(v);
        std::vector<std::pair<Value, Value>> keyed;
        keyed.reserve(items.size());
        for (auto& it : items) {
            Value k = attr ? attribute_path(in, it, *attr) : it;
            keyed.emplace_back(std::move(k), std::move(it));
        }
        std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
            return reverse ? key_less(in, b.first, a.first, cs) : key_less(in, a.first, b.first, cs);
        });
        std::vector<Value> out;
        for (auto& [k, it] : keyed) {
            out.push_back(std::move(it));
        }
        return Value::list(std::move(out));
    }
    if (name == "unique") {
        bool cs = flag(args, 0, "case_sensitive", false);
        const Value* attr = args.get(1, "attribute");
        std::vector<Value> out;
        std::vector<Value> seen;
        for (auto& it : in.iterate(v)) {
            Value k = attr ? attribute_path(in, it, *attr) : it;
            bool dup = std::any_of(seen.begin(), seen.end(), [&](const Value& s) { return key_equal(s, k, cs); });
            if (!dup) {
                seen.push_back(k);
                out.push_back(std::move(it));
            }
        }
        return Value::list(std::move(out));
    }
    if (name == "map") {
        std::vector<Value> out;
        std::vector<Value> items = in.iterate(v);
        if (const Value* attr = args.get(99, "attribute")) {
            const Value* dflt = args.get(99, "default");
            for (auto& it : items) {
                Value r = attribute_path(in, it, *attr);
                out.push_back(r.is_undefined() && dflt ? *dflt : r);
            }
            return Value::list(std::move(out));
        }
        if (args.pos.empty()) {
            in.fail("TP002", "map requires a filter name or attribute=");
        }
        std::string filter = args.pos[0].str();
        for (auto& it : items) {
            CallArgs fa;
            fa.pos.assign(args.pos.begin() + 1, args.pos.end());
            fa.kw = args.kw;
            out.push_back(in.apply_filter(filter, it, fa));
        }
        return Value::list(std::move(out));
    }
    if (name == "select" || name == "reject") {
        return Value::list(select_items(in, v, args, false, name == "select"));
    }
    if (name == "selectattr" || name == "rejectattr") {
        return Value::list(select_items(in, v, args, true, name == "selectattr"));
    }
    if (name == "batch") {
        const Value* n = args.get(0, "linecount");
        if (n == nullptr || !n->is_number() || n->as_float() < 1) {
            in.fail("TP002", "batch size must be a positive integer");
        }
        auto size = static_cast<std::size_t>(n->as_float());
        const Value* fill = args.get(1, "fill_with");
        std::vector<Value> out;
        std::vector<Value> cur;
        for (auto& it : in.iterate(v)) {
            cur.push_back(std::move(it));
            if (cur.size() == size) {
                out.push_back(Value::list(std::move(cur)));
                cur.clear();
            }
        }
        if (!cur.empty()) {
            if (fill != nullptr && !fill->is_none()) {
                while (cur.size() < size) {
                    in.count_iteration();
                    cur.push_back(*fill);
                }
            }
            out.push_back(Value::list(std::move(cur)));
        }
        return Value::list(std::move(out));
    }
    if (name == "sum") {
        const Value* attr = args.get(0, "attribute");
        const Value* start = args.get(1, "start");
        Value total = start ? *start : Value(static_cast<std::int64_t>(0));
        for (auto& it : in.iterate(v)) {
            Value x = attr ? attribute_path(in, it, *attr) : it;
            CallArgs none;
            Value pair = Value::list({total, x}, true);
            (void)pair;
            if (!(total.is_number() && x.is_number())) {
                in.fail("TP002", "unsupported operand type(s) for +: '" + total.type_name() + "' and '" + x.type_name() + "'");
            }
            if (total.is_float() || x.is_float()) {
                total = Value(total.as_float() + x.as_float());
            } else {
                std::int64_t r = 0;
                if (__builtin_add_overflow(total.as_int(), x.as_int(), &r)) {
                    in.fail("TP002", "integer overflow");
                }
                total = Value(r);
            }
        }
        return total;
    }
    if (name == "min" || name == "max") {
        bool cs = flag(args, 0, "case_sensitive", false);
        const Value* attr = args.get(1, "attribute");
        std::vector<Value> items = in.iterate(v);
        if (items.empty()) {
            return Value::undefined("no first item, sequence was empty");
        }
        std::size_t best = 0;
        for (std::size_t i = 1; i < items.size(); ++i) {
            Value a = attr ? attribute_path(in, items[i], *attr) : items[i];
            Value b = attr ? attribute_path(in, items[best], *attr) : items[best];
            if (name == "min" ? key_less(in, a, b, cs) : key_less(in, b, a, cs)) {
                best = i;
            }
        }
        return items[best];
    }
    if (name == "reverse") {
        if (v.is_string()) {
            std::vector<Value> chars = in.iterate(v);
            std::string out;
            for (auto it = chars.rbegin(); it != chars.rend(); ++it) {
                out += it->as_string();
            }
            return Value(std::move(out));
        }
        std::vector<Value> items = in.iterate(v);
        std::reverse(items.begin(), items.end());
        return Value::list(std::move(items));
    }
    if (name == "items") {
        if (v.is_undefined()) {
            return Value::list();
        }
        if (!v.is_dict()) {
            in.fail("TP002", "can only get item pairs from a mapping, not " + v.type_name());
        }
        std::vector<Value> out;
        for (const auto& [k, x] : v.as_dict()->items) {
            out.push_back(Value::list({k, x}, true));
        }
        return Value::list(std::move(out));
    }
    if (name == "dictsort") {
        if (!v.is_dict()) {
            in.fail("TP002", "dictsort expects a mapping, not " + v.type_name());
        }
        bool cs = flag(args, 0, "case_sensitive", false);
        const Value* by = args.get(1, "by");
        bool by_value = by && by->str() == "value";
        bool reverse = flag(args, 2, "reverse", false);
        std::vector<Value> out;
        for (const auto& [k, x] : v.as_dict()->items) {
            out.push_back(Value::list({k, x}, true));
        }
        std::size_t idx = by_value ? 1 : 0;
        std::stable_sort(out.begin(), out.end(), [&](const Value& a, const Value& b) {
            const Value& ka = a.as_list()->items[idx];
            const Value& kb = b.as_list()->items[idx];
            return reverse ? key_less(in, kb, ka, cs) : key_less(in, ka, kb, cs);
        });
        return Value::list(std::move(out));
    }
    if (name == "list") {
        return Value::list(in.iterate(v));
    }
    if (name == "first") {
        std::vector<Value> items = in.iterate(v);
        return items.empty() ? Value::undefined("no first item, sequence was empty") : items.front();
    }
    if (name == "last") {
        std::vector<Value> items = in.iterate(v);
        return items.empty() ? Value::undefined("no last item, sequence was empty") : items.back();
    }
    return std::nullopt;
}

} // namespace dpipe::tmpl::filters
