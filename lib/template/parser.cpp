#include "template/parser.hpp"

#include "template/parser_impl.hpp"
#include "util/strings.hpp"

#include <utility>

namespace dpipe::tmpl {

namespace {

// Moves the sub-expressions of `e` into `work`, leaving `e` without children.
void take_children(Expr& e, std::vector<ExprPtr>& work) {
    for (auto& k : e.kids) {
        work.push_back(std::move(k));
    }
    e.kids.clear();
    if (e.call) {
        for (auto& a : e.call->args) {
            work.push_back(std::move(a));
        }
        for (auto& [name, a] : e.call->kwargs) {
            work.push_back(std::move(a));
        }
        work.push_back(std::move(e.call->star));
        work.push_back(std::move(e.call->dstar));
        e.call.reset();
    }
}

} // namespace

Expr::~Expr() {
    if (kids.empty() && !call) {
        return;
    }
    std::vector<ExprPtr> work;
    take_children(*this, work);
    while (!work.empty()) {
        ExprPtr e = std::move(work.back());
        work.pop_back();
        if (e) {
            take_children(*e, work);
        }
    }
}

core::SourceLoc Template::loc(std::uint32_t pos) const {
    auto lc = util::line_col_at(source, std::min<std::size_t>(pos, source.size()));
    return {file, lc.line, lc.col};
}

DepthGuard::DepthGuard(Parser& p) : m_p(p) {
    if (++m_p.m_depth > m_p.m_max_depth) {
        m_p.fail("template nesting too deep (limit " + std::to_string(m_p.m_max_depth) + ")");
    }
}

namespace {

std::string quoted_list(std::initializer_list<std::string_view> names) {
    std::string out;
    bool first = true;
    for (auto n : names) {
        if (!first) {
            out += " or ";
        }
        first = false;
        out += "'" + std::string(n) + "'";
    }
    return out;
}

} // namespace

void Parser::fail(std::string message) const {
    throw SyntaxError{cur().pos, std::move(message)};
}
void Parser::fail_at(std::uint32_t pos, std::string message) const {
    throw SyntaxError{pos, std::move(message)};
}

std::string Parser::describe(const Token& t) const {
    switch (t.type) {
    case Tok::Data: return "template data";
    case Tok::VarBegin: return "'{{'";
    case Tok::VarEnd: return "end of print statement";
    case Tok::BlockBegin: return "'{%'";
    case Tok::BlockEnd: return "end of statement block";
    case Tok::Eof: return "end of template";
    case Tok::Int:
    case Tok::Float: return "number " + std::string(t.text);
    case Tok::String: return "string " + std::string(t.text);
    default: return "'" + std::string(t.text) + "'";
    }
}

bool Parser::skip_op(std::string_view op) {
    if (is_op(op)) {
        next();
        return true;
    }
    return false;
}
bool Parser::skip_name(std::string_view n) {
    if (is_name(n)) {
        next();
        return true;
    }
    return false;
}
void Parser::expect_op(std::string_view op) {
    if (!skip_op(op)) {
        fail("expected '" + std::string(op) + "', got " + describe(cur()));
    }
}
std::string Parser::expect_name() {
    if (cur().type != Tok::Name) {
        fail("expected a name, got " + describe(cur()));
    }
    std::string n(cur().text);
    next();
    return n;
}
void Parser::expect_block_end(std::string_view what) {
    if (cur().type != Tok::BlockEnd) {
        fail("expected end of statement block after " + std::string(what) + ", got " + describe(cur()));
    }
    next();
}

ExprPtr Parser::make(ExprKind kind, std::uint32_t pos) const {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->pos = pos;
    return e;
}

Body Parser::parse_root() {
    return parse_body({}, "");
}

// Parses nodes until one of `end_tags` opens a block; leaves the cursor on that tag's name.
Body Parser::parse_body(std::initializer_list<std::string_view> end_tags, std::string_view open_block) {
    DepthGuard guard(*this);
    Body body;
    for (;;) {
        const Token& t = cur();
        if (t.type == Tok::Data) {
            auto n = std::make_unique<Node>();
            n->kind = NodeKind::Data;
            n->pos = t.pos;
            n->text = std::string(t.text);
            body.push_back(std::move(n));
            next();
        } else if (t.type == Tok::VarBegin) {
            auto n = std::make_unique<Node>();
            n->kind = NodeKind::Output;
            n->pos = t.pos;
            next();
            n->expr = parse_tuple();
            if (cur().type != Tok::VarEnd) {
                fail("expected end of print statement, got " + describe(cur()));
            }
            next();
            body.push_back(std::move(n));
        } else if (t.type == Tok::BlockBegin) {
            const Token& name = peek();
            if (name.type == Tok::Name) {
                for (auto end : end_tags) {
                    if (name.text == end) {
                        next();
                        return body;
                    }
                }
            }
            next();
            if (cur().type != Tok::Name) {
                fail("expected a statement name, got " + describe(cur()));
            }
            if (cur().text.substr(0, 3) == "end" || cur().text == "else" || cur().text == "elif") {
                std::string msg = "encountered unknown tag '" + std::string(cur().text) + "'";
                if (end_tags.size() > 0) {
                    msg += ", expected " + quoted_list(end_tags) + " (the innermost open block is '" +
                           std::string(open_block) + "')";
                }
                fail(msg);
            }
            NodePtr n = parse_statement();
            if (n) {
                body.push_back(std::move(n));
            }
        } else if (t.type == Tok::Eof) {
            if (end_tags.size() > 0) {
                fail("unexpected end of template, expected " + quoted_list(end_tags) +
                     " (the innermost open block is '" + std::string(open_block) + "')");
            }
            return body;
        } else {
            fail("unexpected " + describe(t));
        }
    }
}

NodePtr Parser::parse_statement() {
    std::uint32_t pos = m_tokens[m_i - 1].pos;
    std::string_view kw = cur().text;
    if (kw == "if") {
        return parse_if(pos);
    }
    if (kw == "for") {
        return parse_for(pos);
    }
    if (kw == "set") {
        return parse_set(pos);
    }
    if (kw == "macro" || kw == "test") {
        return parse_macro(pos, kw);
    }
    if (kw == "call") {
        return parse_call_block(pos);
    }
    if (kw == "filter") {
        return parse_filter_block(pos);
    }
    if (kw == "with") {
        return parse_with(pos);
    }
    if (kw == "do") {
        next();
        auto n = std::make_unique<Node>();
        n->kind = NodeKind::Do;
        n->pos = pos;
        n->expr = parse_tuple();
        expect_block_end("'do'");
        return n;
    }
    if (kw == "snapshot" || kw == "docs" || kw == "materialization") {
        return parse_dbt_block(pos, kw);
    }
    if (kw == "break" || kw == "continue") {
        if (m_loop_depth == 0) {
            fail("'" + std::string(kw) + "' outside loop");
        }
        auto n = std::make_unique<Node>();
        n->kind = kw == "break" ? NodeKind::Break : NodeKind::Continue;
        n->pos = pos;
        next();
        expect_block_end("'" + std::string(kw) + "'");
        return n;
    }
    fail("encountered unknown tag '" + std::string(kw) + "'");
}

void Parser::end_tag(std::string_view name) {
    // The cursor is on the end tag's name (parse_body stopped there).
    next();
    if (cur().type != Tok::BlockEnd) {
        fail("expected end of statement block after '" + std::string(name) + "', got " + describe(cur()));
    }
    next();
}

NodePtr Parser::parse_if(std::uint32_t pos) {
    next(); // if / elif
    auto n = std::make_unique<Node>();
    n->kind = NodeKind::If;
    n->pos = pos;
    n->expr = parse_tuple(false);
    expect_block_end("'if' condition");
    n->body = parse_body({"elif", "else", "endif"}, "if");
    if (is_name("elif")) {
        std::uint32_t epos = m_tokens[m_i - 1].pos;
        // Each elif nests one If deeper (parsing, rendering and freeing recurse through it);
        // allow long elif ladders but not unbounded ones.
        if (++m_elif_depth > 4 * m_max_depth) {
            fail("too many 'elif' branches (limit " + std::to_string(4 * m_max_depth) + ")");
        }
        n->else_body.push_back(parse_if(epos));
        --m_elif_depth;
        return n; // the nested if consumed endif
    }
    if (is_name("else")) {
        next();
        expect_block_end("'else'");
        n->else_body = parse_body({"endif"}, "if");
    }
    end_tag("endif");
    return n;
}

AssignTarget Parser::parse_assign_target(bool allow_attr, bool allow_tuple) {
    AssignTarget t;
    bool parens = skip_op("(");
    t.names.push_back(expect_name());
    if (allow_attr && is_op(".")) {
        next();
        t.attr = expect_name();
        return t;
    }
    while ((allow_tuple || parens) && skip_op(",")) {
        t.is_tuple = true;
        if (cur().type != Tok::Name) {
            break;
        }
        t.names.push_back(expect_name());
    }
    if (parens) {
        t.is_tuple = true;
        expect_op(")");
    }
    for (const auto& name : t.names) {
        if (name == "true" || name == "false" || name == "none" || name == "True" || name == "False" ||
            name == "None") {
            fail("cannot assign to '" + name + "'");
        }
    }
    return t;
}

NodePtr Parser::parse_for(std::uint32_t pos) {
    next();
    auto n = std::make_unique<Node>();
    n->kind = NodeKind::For;
    n->pos = pos;
    n->target = parse_assign_target(false, true);
    if (!skip_name("in")) {
        fail("expected 'in' in for loop, got " + describe(cur()));
    }
    n->expr = parse_tuple(false, {"recursive"});
    if (skip_name("if")) {
        n->cond = parse_expression();
    }
    if (skip_name("recursive")) {
        n->recursive = true;
    }
    expect_block_end("'for'");
    ++m_loop_depth;
    n->body = parse_body({"endfor", "else"}, "for");
    --m_loop_depth;
    if (is_name("else")) {
        next();
        expect_block_end("'else'");
        n->else_body = parse_body({"endfor"}, "for");
    }
    end_tag("endfor");
    return n;
}

NodePtr Parser::parse_set(std::uint32_t pos) {
    next();
    auto n = std::make_unique<Node>();
    n->pos = pos;
    n->target = parse_assign_target(true, true);
    if (skip_op("=")) {
        n->kind = NodeKind::Set;
        n->expr = parse_tuple();
        expect_block_end("'set'");
        return n;
    }
    if (n->target.is_tuple) { // a block may set a namespace attribute (`{% set ns.x %}`), not a tuple
        fail("expected '=' after the assignment target, got " + describe(cur()));
    }
    n->kind = NodeKind::SetBlock;
    if (is_op("|")) {
        n->expr = parse_filter(nullptr, true);
    }
    expect_block_end("'set'");
    n->body = parse_body({"endset"}, "set");
    end_tag("endset");
    return n;
}

void Parser::parse_macro_signature(MacroDef& m) {
    expect_op("(");
    while (!is_op(")")) {
        if (!m.params.empty()) {
            expect_op(",");
            if (is_op(")")) {
                break;
            }
        }
        MacroParam p;
        p.name = expect_name();
        if (skip_op("=")) {
            p.default_value = parse_expression();
        } else if (!m.params.empty() && m.params.back().default_value) {
            fail("non-default argument '" + p.name + "' follows default argument");
        }
        m.params.push_back(std::move(p));
    }
    next();
}

NodePtr Parser::parse_macro(std::uint32_t pos, std::string_view keyword) {
    std::string kw(keyword);
    next();
    auto m = std::make_shared<MacroDef>();
    m->pos = pos;
    m->owner = &m_tmpl;
    m->name = (kw == "test" ? "test_" : "") + expect_name();
    parse_macro_signature(*m);
    expect_block_end("'" + kw + "'");
    m_macro_stack.push_back(m.get());
    int outer_loops = std::exchange(m_loop_depth, 0); // a macro body is its own function
    m->body = kw == "test" ? parse_body({"endtest"}, kw) : parse_body({"endmacro"}, kw);
    m_loop_depth = outer_loops;
    m_macro_stack.pop_back();
    end_tag("end" + kw);
    auto n = std::make_unique<Node>();
    n->kind = NodeKind::Macro;
    n->pos = pos;
    n->macro = m;
    if (m_depth == 1) {
        m_tmpl.macros.push_back(m);
    }
    return n;
}

NodePtr Parser::parse_call_block(std::uint32_t pos) {
    next();
    auto m = std::make_shared<MacroDef>();
    m->pos = pos;
    m->owner = &m_tmpl;
    m->name = "caller";
    if (is_op("(")) {
        parse_macro_signature(*m);
    }
    auto n = std::make_unique<Node>();
    n->kind = NodeKind::CallBlock;
    n->pos = pos;
    n->expr = parse_expression();
    if (n->expr->kind != ExprKind::Call) {
        fail_at(n->expr->pos, "expected a call expression after 'call'");
    }
    expect_block_end("'call'");
    m_macro_stack.push_back(m.get());
    int outer_loops = std::exchange(m_loop_depth, 0);
    m->body = parse_body({"endcall"}, "call");
    m_loop_depth = outer_loops;
    m_macro_stack.pop_back();
    end_tag("endcall");
    n->macro = m;
    return n;
}

NodePtr Parser::parse_filter_block(std::uint32_t pos) {
    next();
    auto n = std::make_unique<Node>();
    n->kind = NodeKind::FilterBlock;
    n->pos = pos;
    n->expr = parse_filter(nullptr, true);
    expect_block_end("'filter'");
    n->body = parse_body({"endfilter"}, "filter");
    end_tag("endfilter");
    return n;
}

NodePtr Parser::parse_with(std::uint32_t pos) {
    next();
    auto n = std::make_unique<Node>();
    n->kind = NodeKind::With;
    n->pos = pos;
    while (cur().type != Tok::BlockEnd) {
        if (!n->with_targets.empty()) {
            expect_op(",");
        }
        n->with_targets.push_back(parse_assign_target(false, false));
        expect_op("=");
        n->with_values.push_back(parse_expression());
    }
    next();
    n->body = parse_body({"endwith"}, "with");
    end_tag("endwith");
    return n;
}

// dbt blocks: `snapshot` renders its body; `docs` and `materialization` render nothing.
NodePtr Parser::parse_dbt_block(std::uint32_t pos, std::string_view keyword) {
    std::string kw(keyword);
    next();
    while (cur().type != Tok::BlockEnd) {
        if (cur().type == Tok::Eof) {
            fail("expected end of statement block after '" + kw + "', got end of template");
        }
        next();
    }
    next();
    auto n = std::make_unique<Node>();
    n->pos = pos;
    std::string end = "end" + kw;
    Body body;
    if (kw == "snapshot") {
        body = parse_body({"endsnapshot"}, kw);
    } else if (kw == "docs") {
        body = parse_body({"enddocs"}, kw);
    } else {
        body = parse_body({"endmaterialization"}, kw);
    }
    end_tag(end);
    if (kw == "snapshot") {
        n->kind = NodeKind::If;
        n->expr = make(ExprKind::Literal, pos);
        n->expr->literal = Value(true);
        n->body = std::move(body);
    } else {
        n->kind = NodeKind::Ignored;
    }
    return n;
}

util::Result<std::shared_ptr<const Template>, core::Diagnostic>
parse_template(std::string_view text, std::string file, const ParseLimits& limits) {
    auto tmpl = std::make_shared<Template>();
    tmpl->file = std::move(file);
    tmpl->source = normalize_source(text);
    try {
        Parser p(tokenize(tmpl->source), *tmpl, limits.max_depth);
        tmpl->body = p.parse_root();
    } catch (const SyntaxError& e) {
        core::Diagnostic d;
        d.severity = core::Severity::Error;
        d.code = "TP001";
        d.loc = tmpl->loc(e.pos);
        d.message = "template syntax error: " + e.message;
        return util::unexpected(std::move(d));
    }
    return std::shared_ptr<const Template>(std::move(tmpl));
}

} // namespace dpipe::tmpl
