#pragma once
// Runtime values of the template engine, with Python semantics for truthiness, equality,
// ordering and str()/repr(). Lists and dicts have reference semantics (shared, mutable by
// `append`/`update` like Python); everything else is a plain value. Values are created per
// render and never shared between threads.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace dpipe::tmpl {

class Interp;
class Object;
class Value;
enum class BinOp : std::uint8_t; // ast.hpp

struct List {
    std::vector<Value> items;
    bool is_tuple = false;
    List() = default;
    List(const List&) = default;
    List& operator=(const List&) = default;
    ~List(); // iterative, so deeply nested values cannot overflow the stack
};

struct Dict;

using ListPtr = std::shared_ptr<List>;
using DictPtr = std::shared_ptr<Dict>;
using ObjectPtr = std::shared_ptr<Object>;

struct UndefinedTag {
    std::string name; // the name or attribute that was missing, for messages
};
struct NoneTag {};

class Value {
public:
    enum class Kind : std::uint8_t { Undefined, None, Bool, Int, Float, String, List, Dict, Object };

    Value() : m_v(UndefinedTag{}) {}
    static Value undefined(std::string name = {}) { return Value(UndefinedTag{std::move(name)}); }
    static Value none() { return Value(NoneTag{}); }
    Value(bool b) : m_v(b) {}
    Value(std::int64_t i) : m_v(i) {}
    Value(int i) : m_v(static_cast<std::int64_t>(i)) {}
    Value(double d) : m_v(d) {}
    Value(std::string s) : m_v(std::move(s)) {}
    Value(std::string_view s) : m_v(std::string(s)) {}
    Value(const char* s) : m_v(std::string(s)) {}
    Value(ListPtr l) : m_v(std::move(l)) {}
    Value(DictPtr d) : m_v(std::move(d)) {}
    Value(ObjectPtr o) : m_v(std::move(o)) {}

    static Value list(std::vector<Value> items = {}, bool tuple = false);
    static Value dict();

    Kind kind() const { return static_cast<Kind>(m_v.index()); }
    bool is_undefined() const { return kind() == Kind::Undefined; }
    bool is_none() const { return kind() == Kind::None; }
    bool is_bool() const { return kind() == Kind::Bool; }
    bool is_int() const { return kind() == Kind::Int; }
    bool is_float() const { return kind() == Kind::Float; }
    bool is_number() const { return kind() == Kind::Int || kind() == Kind::Float || kind() == Kind::Bool; }
    bool is_string() const { return kind() == Kind::String; }
    bool is_list() const { return kind() == Kind::List; }
    bool is_dict() const { return kind() == Kind::Dict; }
    bool is_object() const { return kind() == Kind::Object; }

    bool as_bool() const { return std::get<bool>(m_v); }
    std::int64_t as_int() const; // Int or Bool
    double as_float() const;     // any number
    const std::string& as_string() const { return std::get<std::string>(m_v); }
    std::string& as_string() { return std::get<std::string>(m_v); }
    const ListPtr& as_list() const { return std::get<ListPtr>(m_v); }
    const DictPtr& as_dict() const { return std::get<DictPtr>(m_v); }
    const ObjectPtr& as_object() const { return std::get<ObjectPtr>(m_v); }
    const std::string& undefined_name() const { return std::get<UndefinedTag>(m_v).name; }

    // Python bool().
    bool truthy() const;
    // Python str() (Undefined renders as ""), and repr().
    std::string str() const;
    std::string repr() const;
    void append_str(std::string& out) const;
    void append_repr(std::string& out) const;
    // Python type name for messages: "str", "int", "list", "dict", "NoneType", ...
    std::string type_name() const;

private:
    explicit Value(UndefinedTag u) : m_v(std::move(u)) {}
    explicit Value(NoneTag n) : m_v(n) {}
    std::variant<UndefinedTag, NoneTag, bool, std::int64_t, double, std::string, ListPtr, DictPtr, ObjectPtr> m_v;
};

// An insertion-ordered mapping. Lookups are linear, which is fastest for the small dicts
// templates build; keys compare with Python equality.
struct Dict {
    std::vector<std::pair<Value, Value>> items;
    Dict() = default;
    Dict(const Dict&) = default;
    Dict& operator=(const Dict&) = default;
    ~Dict();
    Value* find(const Value& key);
    const Value* find(const Value& key) const;
    const Value* find_str(std::string_view key) const;
    void set(Value key, Value value);
    bool erase(const Value& key);
};

// Destroys `work` without recursion: uniquely owned containers are emptied first. Objects
// that hold Values call this from their destructors with what release() gave them.
void drain_values(std::vector<Value>& work);

// Python ==.
bool values_equal(const Value& a, const Value& b);
// Python <; returns false and sets `ok` to false when the types are not orderable.
bool value_less(const Value& a, const Value& b, bool& ok);

// Python repr() of a float ("1.0", "0.1", "1e+16", "inf").
std::string format_float(double d);

// Arguments of a call: positional then keyword, in source order.
struct CallArgs {
    std::vector<Value> pos;
    std::vector<std::pair<std::string, Value>> kw;

    // The keyword `name`, else positional `index`, else nullptr. Marks nothing.
    const Value* get(std::size_t index, std::string_view name) const;
};

// Host objects: dbt context objects, macros, loop, namespace, relations, etc. Every hook
// has a default meaning "not supported"; the evaluator turns that into a located error or
// an undefined value like Jinja does.
class Object : public std::enable_shared_from_this<Object> {
public:
    virtual ~Object() = default;
    // Moves the held Values into `out` (called just before the object is destroyed, so
    // that destruction of long chains runs iteratively).
    virtual void release(std::vector<Value>& out) { (void)out; }
    virtual std::string_view type_name() const = 0;
    virtual bool callable() const { return false; }
    // `loc_index` identifies the call site for error reporting inside the interpreter.
    virtual Value call(Interp& in, CallArgs& args);
    // Attribute access; return Value::undefined() when absent.
    virtual Value get_attr(Interp& in, std::string_view name);
    // Attribute assignment (`{% set ns.x = 1 %}`); false when not allowed.
    virtual bool set_attr(std::string_view name, Value v);
    virtual Value get_item(Interp& in, const Value& key);
    // Iteration; false when not iterable.
    virtual bool iterate(std::vector<Value>& out) const;
    virtual std::string str() const;
    virtual bool truthy() const { return true; }
    // `item in self`: 1 or 0, or -1 to test the items iterate() gives.
    virtual int contains(const Value& item) const {
        (void)item;
        return -1;
    }
    // True for objects Python sees as a Mapping (`x is mapping`), like dbt's relations.
    virtual bool is_mapping() const { return false; }
    // `self op other` (or `other op self` when !self_left); undefined when unsupported.
    virtual Value binary(Interp& in, BinOp op, const Value& other, bool self_left);
    // Python == and < for objects of the same kind; `ok` false when not comparable.
    virtual bool equals(const Value& other) const;
    virtual bool less(const Value& other, bool& ok) const;
};

} // namespace dpipe::tmpl
