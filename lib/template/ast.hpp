#pragma once
// The syntax tree of a parsed template. Trees are immutable after parsing and may be
// evaluated by several threads at once. Every node keeps the byte offset of its first
// token; Template::loc turns it into file:line:col.

#include "core/source_loc.hpp"
#include "template/value.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dpipe::tmpl {

struct Expr;
struct Node;
struct Template;
using ExprPtr = std::unique_ptr<Expr>;
using NodePtr = std::unique_ptr<Node>;
using Body = std::vector<NodePtr>;

enum class ExprKind : std::uint8_t {
    Literal,  // literal
    Name,     // name
    List,     // kids
    Tuple,    // kids
    Dict,     // kids: key, value, key, value...
    Attr,     // kids[0].name
    Item,     // kids[0][kids[1]]
    Slice,    // kids[0][kids[1]:kids[2]:kids[3]] (null kids allowed)
    Call,     // kids[0](args)
    Filter,   // kids[0] | name(args); kids[0] null inside a filter block
    Test,     // kids[0] is [not] name(args)
    Neg,
    Pos,
    Not,
    Binary,   // kids[0] op kids[1]
    Compare,  // kids[0] ops[0] kids[1] ops[1] kids[2] ...
    And,
    Or,
    Cond,     // kids[0] if kids[1] else kids[2] (kids[2] may be null)
};

enum class BinOp : std::uint8_t { Add, Sub, Mul, Div, FloorDiv, Mod, Pow, Concat };
enum class CmpOp : std::uint8_t { Eq, Ne, Lt, Le, Gt, Ge, In, NotIn };

struct CallSpec {
    std::vector<ExprPtr> args;
    std::vector<std::pair<std::string, ExprPtr>> kwargs;
    ExprPtr star;  // *args
    ExprPtr dstar; // **kwargs
};

struct Expr {
    Expr() = default;
    // Iterative: left-deep chains (`1 + 1 + ...`, `x | f | f ...`) are as deep as they are long.
    ~Expr();
    Expr(const Expr&) = delete;
    Expr& operator=(const Expr&) = delete;

    ExprKind kind = ExprKind::Literal;
    std::uint32_t pos = 0;
    bool negated = false; // Test: `is not`
    BinOp op = BinOp::Add;
    std::vector<CmpOp> cmp_ops;
    Value literal;    // Literal (scalars and strings only; never mutated)
    std::string name; // Name, Attr, Filter, Test
    std::vector<ExprPtr> kids;
    std::unique_ptr<CallSpec> call; // Call, Filter, Test
};

// Where `set`, `for` and `with` bind values: one name, several (unpacking), or ns.attr.
struct AssignTarget {
    std::vector<std::string> names;
    bool is_tuple = false;
    std::string attr; // non-empty for `ns.attr`: names[0] is the object
};

struct MacroParam {
    std::string name;
    ExprPtr default_value; // may be null
};

struct MacroDef {
    std::string name;
    std::vector<MacroParam> params;
    Body body;
    std::uint32_t pos = 0;
    bool uses_varargs = false;
    bool uses_kwargs = false;
    bool uses_caller = false;
    const Template* owner = nullptr; // for file names in locations
};

enum class NodeKind : std::uint8_t {
    Data,        // text
    Output,      // {{ expr }}
    If,          // expr, body, else_body (elif is a nested If in else_body)
    For,         // target, expr (iterable), cond (filter), body, else_body
    Set,         // target = expr
    SetBlock,    // target = rendered body, optionally through filter expr
    Macro,       // macro
    CallBlock,   // expr (the call), macro (caller params and body)
    Do,          // expr
    FilterBlock, // expr (filter chain with a null innermost operand), body
    With,        // targets/values, body
    Ignored,     // dbt blocks that produce nothing at render time (docs, materialization)
    Break,       // {% break %} (jinja2's loopcontrols, which dbt enables)
    Continue,    // {% continue %}
};

struct Node {
    NodeKind kind = NodeKind::Data;
    std::uint32_t pos = 0;
    std::string text;
    ExprPtr expr;
    ExprPtr cond;
    AssignTarget target;
    std::vector<AssignTarget> with_targets;
    std::vector<ExprPtr> with_values;
    Body body;
    Body else_body;
    bool recursive = false;
    std::shared_ptr<MacroDef> macro;
};

// A parsed file. Owns its normalised source (for locations) and its tree.
struct Template {
    std::string file;
    std::string source;
    Body body;
    std::vector<std::shared_ptr<MacroDef>> macros; // top-level {% macro %} / {% test %} blocks

    core::SourceLoc loc(std::uint32_t pos) const;
};

} // namespace dpipe::tmpl
