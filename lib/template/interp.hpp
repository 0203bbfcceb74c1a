#pragma once
// The evaluator: walks a Template tree and produces text. One Interp per render; it holds
// all mutable state (scopes, counters, output), so renders on different threads never
// share anything but the read-only trees. Errors unwind as RenderError and are turned into
// a located core::Diagnostic (with the macro call chain as notes) by the caller.

#include "core/diagnostic.hpp"
#include "core/source_map.hpp"
#include "template/ast.hpp"
#include "template/limits.hpp"
#include "template/value.hpp"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::tmpl {

struct RenderError {
    core::Diagnostic diag;
};

class Interp;

// Names not bound in any template scope are looked up here (builtins, the dbt context).
class Globals {
public:
    virtual ~Globals() = default;
    // Value::undefined(name) when unknown.
    virtual Value lookup(Interp& in, std::string_view name) = 0;
    // When true, `pkg.macro(...)` with `pkg` unknown renders a placeholder and an info
    // diagnostic instead of failing (dbt packages that are not installed).
    virtual bool degrade_missing_packages() const { return false; }
    // What `pkg.macro` means when no package `pkg` is installed, before it degrades to a
    // placeholder; undefined when nothing stands in for it.
    virtual Value missing_package_macro(Interp& in, std::string_view package, std::string_view macro) {
        (void)in;
        (void)package;
        (void)macro;
        return Value::undefined();
    }
};

// A macro (or a call block's body) bound to where it was defined.
class MacroObject : public Object {
public:
    MacroObject(std::shared_ptr<const Template> keep, const MacroDef* def, std::string package, int closure)
        : m_keep(std::move(keep)), m_def(def), m_package(std::move(package)), m_closure(closure) {}
    std::string_view type_name() const override { return "Macro"; }
    bool callable() const override { return true; }
    Value call(Interp& in, CallArgs& args) override;
    Value get_attr(Interp& in, std::string_view name) override;
    std::string str() const override { return "<Macro '" + m_def->name + "'>"; }
    const MacroDef& def() const { return *m_def; }
    const std::string& package() const { return m_package; }

private:
    std::shared_ptr<const Template> m_keep;
    const MacroDef* m_def;
    std::string m_package;
    int m_closure; // frame index the body's free names resolve through; -1 = globals only
};

class Interp {
public:
    Interp(const RenderLimits& limits, Globals& globals) : m_limits(limits), m_globals(globals) {}
    // Empties every container mutated during the render: reference cycles can only be made
    // by mutation (`l.append(l)`, `ns.x = ns`), and this breaks them so nothing leaks.
    ~Interp();
    Interp(const Interp&) = delete;
    Interp& operator=(const Interp&) = delete;

    // Records a list, dict or object that was mutated to hold other values.
    void note_mutation(const Value& container);

    // Renders a whole template into `out`. With a source map set, every byte appended to `out`
    // is recorded in it (the map is reset to `tmpl` first).
    void render(const Template& tmpl, std::string& out);
    void set_source_map(core::SourceMap* map) { m_source_map = map; }

    // Calls a macro: binds arguments, renders the body, returns the text or return() value.
    Value call_macro(const MacroObject& m, int closure, CallArgs& args);
    // Calls any callable value (macros, builtins); errors name `what` when not callable.
    Value call_value(const Value& fn, CallArgs& args, std::string_view what);

    // Errors at the current position, with the macro call chain as notes.
    [[noreturn]] void fail(std::string code, std::string message) const;
    core::Diagnostic diagnostic(core::Severity sev, std::string code, std::string message) const;
    // The current position, and the position of the outermost call site in the rendered file.
    core::SourceLoc current_loc() const;
    core::SourceLoc root_loc() const;

    // Counts text produced by string operations against the work limit.
    void charge(std::size_t bytes);
    void check_size(std::size_t bytes) const;
    // Counts loop iterations against the per-render limit.
    void count_iteration();

    // Signals return(value) from the innermost macro.
    void set_return(Value v);

    // Attribute and item access with Jinja's getattr/getitem fallbacks.
    Value get_attr(const Value& obj, std::string_view name);
    Value get_item(const Value& obj, const Value& key);
    // Python-like iteration (lists, tuples, dict keys, strings, iterable objects).
    std::vector<Value> iterate(const Value& v);
    // Apply a filter or a test by name (used by map/select filters too).
    Value apply_filter(std::string_view name, Value v, CallArgs& args);
    bool apply_test(std::string_view name, const Value& v, CallArgs& args);

    // Package of the innermost running macro ("" at top level).
    const std::string& current_package() const;
    // Whether a macro of one of these names is running (anywhere in the call chain).
    bool running_macro(std::initializer_list<std::string_view> names) const;
    const RenderLimits& limits() const { return m_limits; }
    Globals& globals() { return m_globals; }

    // Non-fatal diagnostics (info, warnings) collected during the render.
    void report(core::Diagnostic d) { m_diags.push_back(std::move(d)); }
    std::vector<core::Diagnostic>& diagnostics() { return m_diags; }
    // Records that the placeholder of an unavailable macro ("package.macro") was called; kept
    // once each, in first-use order.
    void note_unavailable(const std::string& macro);
    const std::vector<std::string>& unavailable() const { return m_unavailable; }

    // Variables of the template scopes (frame-based).
    Value lookup(std::string_view name);

private:
    struct Frame {
        std::vector<std::pair<std::string_view, Value>> vars;
        int parent = -1;
    };
    struct CallSite {
        const MacroObject* macro;
        const Template* tmpl; // where the call happened
        std::uint32_t pos;
    };
    friend class LoopObject;

    // Statements.
    void exec_body(const Body& body, std::string& out);
    void exec_node(const Node& n, std::string& out);
    void exec_for(const Node& n, const Value& iterable, std::string& out, int depth);
    void assign(const AssignTarget& t, Value v);
    void bind(std::string_view name, Value v);
    // Appends to `out`; `src` is the template offset of the data (literal) or of the tag.
    void append_out(std::string& out, std::string_view text, std::uint32_t src, bool literal);

    // Expressions (interp_expr.cpp).
    Value eval(const Expr& e);
    Value eval_call(const Expr& e);
    void eval_args(const CallSpec& spec, CallArgs& args);
    Value eval_binary(const Expr& e);
    Value binary_op(BinOp op, const Value& a, const Value& b);
    bool compare(CmpOp op, const Value& a, const Value& b);
    bool contains(const Value& container, const Value& item);
    Value eval_slice(const Expr& e);
    Value call_method(const Value& self, std::string_view name, CallArgs& args, bool& found);
    Value missing_macro(const Expr& call, std::string_view package, std::string_view macro);

    int push_frame(int parent);
    void pop_frame();

    const RenderLimits& m_limits;
    Globals& m_globals;
    std::vector<Frame> m_frames;
    int m_frame_count = 0;
    int m_cur = -1;
    const Template* m_tmpl = nullptr;
    std::uint32_t m_pos = 0;
    std::vector<CallSite> m_calls;
    int m_eval_depth = 0;
    std::uint64_t m_iterations = 0;
    std::uint64_t m_macro_calls = 0;
    std::uint64_t m_work = 0;
    bool m_returning = false;
    // Set by {% break %} / {% continue %}; bodies stop at it and the innermost loop clears it.
    enum class LoopCtl : std::uint8_t { None, Break, Continue } m_loop_ctl = LoopCtl::None;
    Value m_return_value;
    std::vector<core::Diagnostic> m_diags;
    std::vector<std::string> m_unavailable;
    std::vector<Value> m_mutated;
    Value m_filter_input;                    // operand of a filter block / block set
    const Value* m_pending_caller = nullptr; // caller of a {% call %} block for the next call
    std::string* m_root_out = nullptr;       // the render's output (the only one mapped)
    core::SourceMap* m_source_map = nullptr;
};

// Characters of a string as len() and iteration see them (UTF-8 sequences), counted without
// building anything (interp_expr.cpp).
std::size_t char_count(std::string_view s);

// Builtin method calls on str/list/dict values (methods.cpp). `found` is false when the
// type has no such method.
Value call_builtin_method(Interp& in, const Value& self, std::string_view name, CallArgs& args, bool& found);
bool has_builtin_method(const Value& self, std::string_view name);

// Python str.format-style and %-style formatting (methods.cpp).
std::string python_format(Interp& in, std::string_view fmt, const CallArgs& args);

// JSON conversion (json_convert.cpp).
struct JsonOptions {
    bool sort_keys = false;
    bool html_safe = false;
    int indent = -1;
};
std::string to_json(Interp& in, const Value& v, const JsonOptions& opts);

// Python's dict.update(): mappings and (key, value) pairs from the positional arguments, then
// the keyword arguments. Shared by the dict() builtin and the update() method.
void dict_update(Interp& in, Dict& d, const CallArgs& a);

} // namespace dpipe::tmpl
