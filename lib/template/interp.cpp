// Statement execution, scopes, macro calls and error reporting.

#include "template/interp.hpp"

#include <algorithm>
#include <utility>

namespace dpipe::tmpl {

namespace {

// Keeps evaluation recursion bounded whatever the input.
class EvalDepth {
public:
    EvalDepth(Interp& in, int& depth, int limit) : m_depth(depth) {
        if (++m_depth > limit) {
            --m_depth;
            in.fail("TP003", "template evaluation nested too deeply (limit " + std::to_string(limit) + ")");
        }
    }
    ~EvalDepth() { --m_depth; }
    EvalDepth(const EvalDepth&) = delete;
    EvalDepth& operator=(const EvalDepth&) = delete;

private:
    int& m_depth;
};

} // namespace

// The `loop` variable of a for loop. Recursive loops call it with a new iterable.
class LoopObject : public Object {
public:
    LoopObject(const Node& node, int depth) : m_node(node), m_depth(depth) {}
    LoopObject(const LoopObject&) = delete;
    LoopObject& operator=(const LoopObject&) = delete;
    ~LoopObject() override {
        std::vector<Value> work;
        release(work);
        drain_values(work);
    }
    std::string_view type_name() const override { return "LoopContext"; }
    bool callable() const override { return m_node.recursive; }
    Value call(Interp& in, CallArgs& args) override {
        if (!m_node.recursive) {
            in.fail("TP002", "the loop is not recursive; declare it with 'recursive' to call loop()");
        }
        if (args.pos.size() != 1) {
            in.fail("TP002", "loop() takes exactly one argument");
        }
        std::string out;
        in.exec_for(m_node, args.pos[0], out, m_depth + 1);
        return Value(std::move(out));
    }
    Value get_attr(Interp& in, std::string_view name) override {
        auto n = static_cast<std::int64_t>(m_items.size());
        auto i = static_cast<std::int64_t>(m_index);
        if (name == "index") {
            return Value(i + 1);
        }
        if (name == "index0") {
            return Value(i);
        }
        if (name == "revindex") {
            return Value(n - i);
        }
        if (name == "revindex0") {
            return Value(n - i - 1);
        }
        if (name == "first") {
            return Value(i == 0);
        }
        if (name == "last") {
            return Value(i == n - 1);
        }
        if (name == "length") {
            return Value(n);
        }
        if (name == "depth") {
            return Value(static_cast<std::int64_t>(m_depth + 1));
        }
        if (name == "depth0") {
            return Value(static_cast<std::int64_t>(m_depth));
        }
        if (name == "previtem") {
            return i > 0 ? m_items[m_index - 1] : Value::undefined("previtem");
        }
        if (name == "nextitem") {
            return i + 1 < n ? m_items[m_index + 1] : Value::undefined("nextitem");
        }
        if (name == "cycle") {
            auto self = std::static_pointer_cast<LoopObject>(shared_from_this());
            return Value(std::static_pointer_cast<Object>(std::make_shared<CycleFn>(std::move(self))));
        }
        return Object::get_attr(in, name);
    }

    void release(std::vector<Value>& out) override {
        for (auto& v : m_items) {
            out.push_back(std::move(v));
        }
        m_items.clear();
    }

    std::vector<Value> m_items;
    std::size_t m_index = 0;

private:
    class CycleFn : public Object {
    public:
        explicit CycleFn(std::shared_ptr<LoopObject> loop) : m_loop(std::move(loop)) {}
        std::string_view type_name() const override { return "function"; }
        bool callable() const override { return true; }
        Value call(Interp& in, CallArgs& args) override {
            if (args.pos.empty()) {
                in.fail("TP002", "no items for cycling given");
            }
            return args.pos[m_loop->m_index % args.pos.size()];
        }

    private:
        std::shared_ptr<LoopObject> m_loop;
    };

    const Node& m_node;
    int m_depth;
};

Value MacroObject::call(Interp& in, CallArgs& args) {
    return in.call_macro(*this, m_closure, args);
}

Value MacroObject::get_attr(Interp& in, std::string_view name) {
    if (name == "name") {
        return Value(m_def->name);
    }
    if (name == "arguments") {
        auto l = Value::list({}, true);
        for (const auto& p : m_def->params) {
            l.as_list()->items.emplace_back(p.name);
        }
        return l;
    }
    return Object::get_attr(in, name);
}

Interp::~Interp() {
    std::vector<Value> released;
    for (auto& v : m_mutated) {
        if (v.is_list()) {
            for (auto& x : v.as_list()->items) {
                released.push_back(std::move(x));
            }
            v.as_list()->items.clear();
        } else if (v.is_dict()) {
            for (auto& [k, x] : v.as_dict()->items) {
                released.push_back(std::move(x));
            }
            v.as_dict()->items.clear();
        } else if (v.is_object()) {
            v.as_object()->release(released);
        }
    }
    m_mutated.clear();
    drain_values(released);
}

void Interp::note_mutation(const Value& container) {
    if (!m_mutated.empty()) {
        const Value& last = m_mutated.back();
        if (last.kind() == container.kind() &&
            ((last.is_list() && last.as_list() == container.as_list()) ||
             (last.is_dict() && last.as_dict() == container.as_dict()) ||
             (last.is_object() && last.as_object() == container.as_object()))) {
            return;
        }
    }
    m_mutated.push_back(container);
}

core::SourceLoc Interp::current_loc() const {
    if (m_tmpl == nullptr) {
        return {};
    }
    return m_tmpl->loc(m_pos);
}

core::SourceLoc Interp::root_loc() const {
    if (m_calls.empty()) {
        return current_loc();
    }
    return m_calls.front().tmpl->loc(m_calls.front().pos);
}

core::Diagnostic Interp::diagnostic(core::Severity sev, std::string code, std::string message) const {
    core::Diagnostic d;
    d.severity = sev;
    d.code = std::move(code);
    d.loc = current_loc();
    d.message = std::move(message);
    for (auto it = m_calls.rbegin(); it != m_calls.rend(); ++it) {
        d.notes.push_back("in macro '" + it->macro->def().name + "' called from " + it->tmpl->loc(it->pos).str());
    }
    return d;
}

void Interp::fail(std::string code, std::string message) const {
    throw RenderError{diagnostic(core::Severity::Error, std::move(code), std::move(message))};
}

void Interp::charge(std::size_t bytes) {
    m_work += bytes;
    if (m_work > m_limits.max_work) {
        fail("TP003", "template produced too much text (limit " + std::to_string(m_limits.max_work) + " bytes)");
    }
}

void Interp::check_size(std::size_t bytes) const {
    if (bytes > m_limits.max_output) {
        fail("TP003", "output size limit exceeded (limit " + std::to_string(m_limits.max_output) + " bytes)");
    }
}

void Interp::count_iteration() {
    if (++m_iterations > m_limits.max_loop_iterations) {
        fail("TP003", "loop iteration limit exceeded (limit " + std::to_string(m_limits.max_loop_iterations) +
                          " iterations per render)");
    }
}

void Interp::set_return(Value v) {
    m_returning = true;
    m_return_value = std::move(v);
}

const std::string& Interp::current_package() const {
    static const std::string k_empty;
    if (m_calls.empty()) {
        return k_empty;
    }
    return m_calls.back().macro->package();
}

bool Interp::running_macro(std::initializer_list<std::string_view> names) const {
    return std::any_of(m_calls.begin(), m_calls.end(), [&](const CallSite& c) {
        return std::find(names.begin(), names.end(), c.macro->def().name) != names.end();
    });
}

int Interp::push_frame(int parent) {
    if (m_frame_count == static_cast<int>(m_frames.size())) {
        m_frames.emplace_back();
    }
    Frame& f = m_frames[static_cast<std::size_t>(m_frame_count)];
    f.vars.clear();
    f.parent = parent;
    return m_frame_count++;
}

void Interp::pop_frame() {
    --m_frame_count;
}

Value Interp::lookup(std::string_view name) {
    int i = m_cur;
    while (i >= 0 && i < m_frame_count) {
        const Frame& f = m_frames[static_cast<std::size_t>(i)];
        for (const auto& [k, v] : f.vars) {
            if (k == name) {
                return v;
            }
        }
        i = f.parent;
    }
    return m_globals.lookup(*this, name);
}

void Interp::bind(std::string_view name, Value v) {
    auto& vars = m_frames[static_cast<std::size_t>(m_cur)].vars;
    for (auto& [k, old] : vars) {
        if (k == name) {
            old = std::move(v);
            return;
        }
    }
    vars.emplace_back(name, std::move(v));
}

void Interp::assign(const AssignTarget& t, Value v) {
    if (!t.attr.empty()) {
        Value obj = lookup(t.names[0]);
        note_mutation(obj);
        if (!obj.is_object() || !obj.as_object()->set_attr(t.attr, std::move(v))) {
            fail("TP002", "cannot assign attribute on non-namespace object '" + t.names[0] + "'");
        }
        return;
    }
    if (!t.is_tuple) {
        bind(t.names[0], std::move(v));
        return;
    }
    std::vector<Value> items = iterate(v);
    if (items.size() != t.names.size()) {
        fail("TP002", items.size() > t.names.size()
                          ? "too many values to unpack (expected " + std::to_string(t.names.size()) + ")"
                          : "not enough values to unpack (expected " + std::to_string(t.names.size()) + ", got " +
                                std::to_string(items.size()) + ")");
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
        bind(t.names[i], std::move(items[i]));
    }
}

void Interp::append_out(std::string& out, std::string_view text, std::uint32_t src, bool literal) {
    charge(text.size());
    check_size(out.size() + text.size());
    if (&out == m_root_out && out.size() + text.size() > m_limits.max_render_output) {
        fail("TP003", "rendered output too large (limit " + std::to_string(m_limits.max_render_output) + " bytes)");
    }
    out += text;
    // Only the render's own output is mapped: macro bodies, set blocks and filter blocks write
    // into scratch strings whose text reaches the output through the tag that used them.
    if (m_source_map != nullptr && &out == m_root_out) {
        if (literal) {
            m_source_map->add_literal(text.size(), src);
        } else {
            m_source_map->add_generated(text.size(), src);
        }
    }
}

void Interp::render(const Template& tmpl, std::string& out) {
    m_tmpl = &tmpl;
    m_root_out = &out;
    if (m_source_map != nullptr) {
        m_source_map->reset(tmpl.file, tmpl.source);
    }
    m_cur = push_frame(-1);
    exec_body(tmpl.body, out);
    m_returning = false;
}

void Interp::exec_body(const Body& body, std::string& out) {
    for (const auto& n : body) {
        exec_node(*n, out);
        if (m_returning || m_loop_ctl != LoopCtl::None) {
            return;
        }
    }
}

void Interp::exec_node(const Node& n, std::string& out) {
    EvalDepth guard(*this, m_eval_depth, m_limits.max_eval_depth);
    switch (n.kind) {
    case NodeKind::Data:
        m_pos = n.pos;
        append_out(out, n.text, n.pos, true);
        return;
    case NodeKind::Output: {
        Value v = eval(*n.expr);
        m_pos = n.pos;
        if (v.is_string()) {
            append_out(out, v.as_string(), n.pos, false);
        } else {
            append_out(out, v.str(), n.pos, false);
        }
        return;
    }
    case NodeKind::If:
        m_pos = n.pos;
        if (eval(*n.expr).truthy()) {
            exec_body(n.body, out);
        } else {
            exec_body(n.else_body, out);
        }
        return;
    case NodeKind::For: {
        Value iterable = eval(*n.expr);
        exec_for(n, iterable, out, 0);
        return;
    }
    case NodeKind::Set: {
        Value v = eval(*n.expr);
        m_pos = n.pos;
        assign(n.target, std::move(v));
        return;
    }
    case NodeKind::SetBlock:
    case NodeKind::FilterBlock: {
        std::string text;
        exec_body(n.body, text);
        Value v(std::move(text));
        if (n.expr) {
            m_filter_input = std::move(v);
            v = eval(*n.expr);
        }
        if (n.kind == NodeKind::SetBlock) {
            assign(n.target, std::move(v));
        } else {
            append_out(out, v.str(), n.pos, false);
        }
        return;
    }
    case NodeKind::Macro: {
        auto m = std::make_shared<MacroObject>(nullptr, n.macro.get(), current_package(), m_cur);
        bind(n.macro->name, Value(std::static_pointer_cast<Object>(m)));
        return;
    }
    case NodeKind::CallBlock: {
        auto caller = std::make_shared<MacroObject>(nullptr, n.macro.get(), current_package(), m_cur);
        Value c(std::static_pointer_cast<Object>(caller));
        m_pending_caller = &c;
        Value v = eval_call(*n.expr);
        append_out(out, v.str(), n.pos, false);
        return;
    }
    case NodeKind::Do: eval(*n.expr); return;
    case NodeKind::With: {
        std::vector<Value> values;
        for (const auto& e : n.with_values) {
            values.push_back(eval(*e));
        }
        int saved = m_cur;
        m_cur = push_frame(saved);
        for (std::size_t i = 0; i < values.size(); ++i) {
            assign(n.with_targets[i], std::move(values[i]));
        }
        exec_body(n.body, out);
        pop_frame();
        m_cur = saved;
        return;
    }
    case NodeKind::Ignored: return;
    case NodeKind::Break: m_loop_ctl = LoopCtl::Break; return;
    case NodeKind::Continue: m_loop_ctl = LoopCtl::Continue; return;
    }
}

void Interp::exec_for(const Node& n, const Value& iterable, std::string& out, int depth) {
    m_pos = n.expr->pos;
    std::vector<Value> items = iterate(iterable);
    int saved = m_cur;
    m_cur = push_frame(saved);
    if (n.cond) {
        std::vector<Value> kept;
        for (auto& item : items) {
            count_iteration();
            assign(n.target, item);
            if (eval(*n.cond).truthy()) {
                kept.push_back(std::move(item));
            }
        }
        items = std::move(kept);
    }
    if (items.empty()) {
        pop_frame();
        m_cur = saved;
        exec_body(n.else_body, out);
        return;
    }
    auto loop = std::make_shared<LoopObject>(n, depth);
    loop->m_items = std::move(items);
    Value loop_value(std::static_pointer_cast<Object>(loop));
    for (std::size_t i = 0; i < loop->m_items.size(); ++i) {
        count_iteration();
        loop->m_index = i;
        m_frames[static_cast<std::size_t>(m_cur)].vars.clear();
        bind("loop", loop_value);
        assign(n.target, loop->m_items[i]);
        exec_body(n.body, out);
        LoopCtl ctl = std::exchange(m_loop_ctl, LoopCtl::None);
        if (m_returning || ctl == LoopCtl::Break) {
            break;
        }
    }
    pop_frame();
    m_cur = saved;
}

Value Interp::call_macro(const MacroObject& m, int closure, CallArgs& args) {
    const MacroDef& def = m.def();
    if (static_cast<int>(m_calls.size()) >= m_limits.max_macro_depth) {
        fail("TP003", "maximum macro call depth exceeded (limit " + std::to_string(m_limits.max_macro_depth) +
                          ") in macro '" + def.name + "'");
    }
    // Recursion that stays shallow but branches (fib(40)) would otherwise run for hours.
    if (++m_macro_calls > m_limits.max_macro_calls) {
        fail("TP003", "macro call limit exceeded (limit " + std::to_string(m_limits.max_macro_calls) +
                          " calls per render) in macro '" + def.name + "'");
    }
    // Argument errors point at the call site, so check them before entering the macro.
    std::size_t npos = args.pos.size();
    if (npos > def.params.size() && !def.uses_varargs) {
        fail("TP002", "macro '" + def.name + "' takes not more than " + std::to_string(def.params.size()) +
                          " argument(s)");
    }
    for (std::size_t k = 0; k < args.kw.size(); ++k) {
        const std::string& key = args.kw[k].first;
        bool known = key == "caller" || def.uses_kwargs;
        for (std::size_t i = 0; i < def.params.size() && !known; ++i) {
            known = def.params[i].name == key;
            if (known && i < npos) {
                fail("TP002", "macro '" + def.name + "' got multiple values for argument '" + key + "'");
            }
        }
        if (!known) {
            fail("TP002", "macro '" + def.name + "' takes no keyword argument '" + key + "'");
        }
    }
    m_calls.push_back({&m, m_tmpl, m_pos});
    const Template* saved_tmpl = m_tmpl;
    std::uint32_t saved_pos = m_pos;
    int saved_cur = m_cur;
    if (closure >= m_frame_count) {
        closure = -1;
    }
    m_tmpl = def.owner;
    m_pos = def.pos;
    m_cur = push_frame(closure);

    std::vector<bool> given(def.params.size(), false);
    for (std::size_t i = 0; i < npos && i < def.params.size(); ++i) {
        bind(def.params[i].name, std::move(args.pos[i]));
        given[i] = true;
    }
    auto extra_kwargs = std::make_shared<Dict>();
    Value caller;
    for (auto& [k, v] : args.kw) {
        bool matched = false;
        for (std::size_t i = 0; i < def.params.size(); ++i) {
            if (def.params[i].name == k) {
                bind(def.params[i].name, std::move(v));
                given[i] = true;
                matched = true;
                break;
            }
        }
        if (matched) {
            continue;
        }
        if (k == "caller") {
            caller = std::move(v);
        } else {
            extra_kwargs->items.emplace_back(Value(k), std::move(v));
        }
    }
    for (std::size_t i = 0; i < def.params.size(); ++i) {
        if (given[i]) {
            continue;
        }
        const MacroParam& p = def.params[i];
        bind(p.name, p.default_value ? eval(*p.default_value)
                                     : Value::undefined("parameter '" + p.name + "' was not provided"));
    }
    if (def.uses_varargs) {
        std::vector<Value> rest;
        for (std::size_t i = def.params.size(); i < npos; ++i) {
            rest.push_back(std::move(args.pos[i]));
        }
        bind("varargs", Value::list(std::move(rest), true));
    }
    if (def.uses_kwargs) {
        bind("kwargs", Value(extra_kwargs));
    }
    if (!caller.is_undefined()) {
        bind("caller", std::move(caller));
    }

    std::string out;
    exec_body(def.body, out);
    Value result;
    if (m_returning) {
        m_returning = false;
        result = std::move(m_return_value);
        m_return_value = Value();
    } else {
        result = Value(std::move(out));
    }
    pop_frame();
    m_cur = saved_cur;
    m_tmpl = saved_tmpl;
    m_pos = saved_pos;
    m_calls.pop_back();
    return result;
}

Value Interp::call_value(const Value& fn, CallArgs& args, std::string_view what) {
    if (fn.is_object() && fn.as_object()->callable()) {
        return fn.as_object()->call(*this, args);
    }
    if (fn.is_undefined()) {
        fail("TP002", "'" + std::string(fn.undefined_name().empty() ? what : fn.undefined_name()) +
                          "' is undefined");
    }
    fail("TP002", "'" + fn.type_name() + "' object is not callable");
}

} // namespace dpipe::tmpl
