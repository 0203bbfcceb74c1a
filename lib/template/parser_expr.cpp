// Expression grammar, following jinja2's parser precedence:
// condexpr < or < and < not < compare < (+ -) < ~ < (* / // %) < ** < unary < postfix/filters.

#include "template/parser_impl.hpp"

namespace dpipe::tmpl {

ExprPtr Parser::parse_expression(bool with_condexpr) {
    return with_condexpr ? parse_condexpr() : parse_or();
}

ExprPtr Parser::parse_tuple(bool with_condexpr, std::initializer_list<std::string_view> extra_end,
                            bool explicit_parens) {
    std::uint32_t pos = cur().pos;
    std::vector<ExprPtr> items;
    bool saw_comma = false;
    auto at_end = [&] {
        const Token& t = cur();
        if (t.type == Tok::VarEnd || t.type == Tok::BlockEnd || t.type == Tok::Eof) {
            return true;
        }
        if (t.type == Tok::Op && t.text == ")") {
            return true;
        }
        if (t.type == Tok::Name) {
            for (auto e : extra_end) {
                if (t.text == e) {
                    return true;
                }
            }
        }
        return false;
    };
    for (;;) {
        if (!items.empty()) {
            if (!skip_op(",")) {
                break;
            }
            saw_comma = true;
        }
        if (at_end()) {
            break;
        }
        items.push_back(parse_expression(with_condexpr));
    }
    if (items.size() == 1 && !saw_comma) {
        return std::move(items[0]);
    }
    if (items.empty() && !explicit_parens) {
        fail("expected an expression, got " + describe(cur()));
    }
    auto t = make(ExprKind::Tuple, pos);
    t->kids = std::move(items);
    return t;
}

ExprPtr Parser::parse_condexpr() {
    DepthGuard guard(*this);
    std::uint32_t pos = cur().pos;
    ExprPtr expr1 = parse_or();
    while (skip_name("if")) {
        ExprPtr cond = parse_or();
        ExprPtr other;
        if (skip_name("else")) {
            other = parse_condexpr();
        }
        auto c = make(ExprKind::Cond, pos);
        c->kids.push_back(std::move(expr1));
        c->kids.push_back(std::move(cond));
        c->kids.push_back(std::move(other));
        expr1 = std::move(c);
    }
    return expr1;
}

ExprPtr Parser::parse_or() {
    ExprPtr left = parse_and();
    while (is_name("or")) {
        std::uint32_t pos = cur().pos;
        next();
        auto e = make(ExprKind::Or, pos);
        e->kids.push_back(std::move(left));
        e->kids.push_back(parse_and());
        left = std::move(e);
    }
    return left;
}

ExprPtr Parser::parse_and() {
    ExprPtr left = parse_not();
    while (is_name("and")) {
        std::uint32_t pos = cur().pos;
        next();
        auto e = make(ExprKind::And, pos);
        e->kids.push_back(std::move(left));
        e->kids.push_back(parse_not());
        left = std::move(e);
    }
    return left;
}

ExprPtr Parser::parse_not() {
    if (is_name("not")) {
        DepthGuard guard(*this);
        auto e = make(ExprKind::Not, cur().pos);
        next();
        e->kids.push_back(parse_not());
        return e;
    }
    return parse_compare();
}

ExprPtr Parser::parse_compare() {
    std::uint32_t pos = cur().pos;
    ExprPtr first = parse_math1();
    ExprPtr cmp;
    for (;;) {
        CmpOp op;
        if (is_op("==")) {
            op = CmpOp::Eq;
        } else if (is_op("!=")) {
            op = CmpOp::Ne;
        } else if (is_op("<")) {
            op = CmpOp::Lt;
        } else if (is_op("<=")) {
            op = CmpOp::Le;
        } else if (is_op(">")) {
            op = CmpOp::Gt;
        } else if (is_op(">=")) {
            op = CmpOp::Ge;
        } else if (is_name("in")) {
            op = CmpOp::In;
        } else if (is_name("not") && peek().type == Tok::Name && peek().text == "in") {
            next();
            op = CmpOp::NotIn;
        } else {
            break;
        }
        next();
        if (!cmp) {
            cmp = make(ExprKind::Compare, pos);
            cmp->kids.push_back(std::move(first));
        }
        cmp->cmp_ops.push_back(op);
        cmp->kids.push_back(parse_math1());
    }
    return cmp ? std::move(cmp) : std::move(first);
}

namespace {
ExprPtr binary(ExprPtr l, ExprPtr r, BinOp op, std::uint32_t pos) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::Binary;
    e->pos = pos;
    e->op = op;
    e->kids.push_back(std::move(l));
    e->kids.push_back(std::move(r));
    return e;
}
} // namespace

ExprPtr Parser::parse_math1() {
    ExprPtr left = parse_concat();
    while (is_op("+") || is_op("-")) {
        BinOp op = cur().text == "+" ? BinOp::Add : BinOp::Sub;
        std::uint32_t pos = cur().pos;
        next();
        left = binary(std::move(left), parse_concat(), op, pos);
    }
    return left;
}

ExprPtr Parser::parse_concat() {
    ExprPtr left = parse_math2();
    while (is_op("~")) {
        std::uint32_t pos = cur().pos;
        next();
        left = binary(std::move(left), parse_math2(), BinOp::Concat, pos);
    }
    return left;
}

ExprPtr Parser::parse_math2() {
    ExprPtr left = parse_pow();
    for (;;) {
        BinOp op;
        if (is_op("*")) {
            op = BinOp::Mul;
        } else if (is_op("/")) {
            op = BinOp::Div;
        } else if (is_op("//")) {
            op = BinOp::FloorDiv;
        } else if (is_op("%")) {
            op = BinOp::Mod;
        } else {
            return left;
        }
        std::uint32_t pos = cur().pos;
        next();
        left = binary(std::move(left), parse_pow(), op, pos);
    }
}

ExprPtr Parser::parse_pow() {
    ExprPtr left = parse_unary(true);
    while (is_op("**")) {
        std::uint32_t pos = cur().pos;
        next();
        left = binary(std::move(left), parse_unary(true), BinOp::Pow, pos);
    }
    return left;
}

ExprPtr Parser::parse_unary(bool with_filter) {
    DepthGuard guard(*this);
    ExprPtr node;
    if (is_op("-") || is_op("+")) {
        auto e = make(cur().text == "-" ? ExprKind::Neg : ExprKind::Pos, cur().pos);
        next();
        e->kids.push_back(parse_unary(false));
        node = std::move(e);
    } else {
        node = parse_primary();
    }
    node = parse_postfix(std::move(node));
    if (with_filter) {
        node = parse_filter_expr(std::move(node));
    }
    return node;
}

ExprPtr Parser::parse_primary() {
    const Token& t = cur();
    std::uint32_t pos = t.pos;
    switch (t.type) {
    case Tok::Name: {
        auto e = make(ExprKind::Literal, pos);
        if (t.text == "true" || t.text == "True") {
            e->literal = Value(true);
        } else if (t.text == "false" || t.text == "False") {
            e->literal = Value(false);
        } else if (t.text == "none" || t.text == "None") {
            e->literal = Value::none();
        } else {
            e->kind = ExprKind::Name;
            e->name = std::string(t.text);
            if (!m_macro_stack.empty()) {
                MacroDef* m = m_macro_stack.back();
                m->uses_varargs |= e->name == "varargs";
                m->uses_kwargs |= e->name == "kwargs";
                m->uses_caller |= e->name == "caller";
            }
        }
        next();
        return e;
    }
    case Tok::String: {
        std::string s = t.str;
        next();
        while (cur().type == Tok::String) {
            s += cur().str;
            next();
        }
        auto e = make(ExprKind::Literal, pos);
        e->literal = Value(std::move(s));
        return e;
    }
    case Tok::Int: {
        if (t.int_overflow) {
            fail("integer literal too large");
        }
        auto e = make(ExprKind::Literal, pos);
        e->literal = Value(t.ival);
        next();
        return e;
    }
    case Tok::Float: {
        auto e = make(ExprKind::Literal, pos);
        e->literal = Value(t.fval);
        next();
        return e;
    }
    case Tok::Op:
        if (t.text == "(") {
            next();
            ExprPtr e = parse_tuple(true, {}, true);
            expect_op(")");
            return e;
        }
        if (t.text == "[") {
            return parse_list_literal();
        }
        if (t.text == "{") {
            return parse_dict_literal();
        }
        break;
    default: break;
    }
    fail("unexpected " + describe(t) + ", expected an expression");
}

ExprPtr Parser::parse_list_literal() {
    auto e = make(ExprKind::List, cur().pos);
    next();
    while (!is_op("]")) {
        if (!e->kids.empty()) {
            expect_op(",");
            if (is_op("]")) {
                break;
            }
        }
        e->kids.push_back(parse_expression());
    }
    next();
    return e;
}

ExprPtr Parser::parse_dict_literal() {
    auto e = make(ExprKind::Dict, cur().pos);
    next();
    while (!is_op("}")) {
        if (!e->kids.empty()) {
            expect_op(",");
            if (is_op("}")) {
                break;
            }
        }
        e->kids.push_back(parse_expression());
        expect_op(":");
        e->kids.push_back(parse_expression());
    }
    next();
    return e;
}

ExprPtr Parser::parse_postfix(ExprPtr node) {
    for (;;) {
        if (is_op(".") || is_op("[")) {
            node = parse_subscript(std::move(node));
        } else if (is_op("(")) {
            auto c = make(ExprKind::Call, node->pos);
            c->kids.push_back(std::move(node));
            c->call = parse_call_args();
            node = std::move(c);
        } else {
            return node;
        }
    }
}

ExprPtr Parser::parse_filter_expr(ExprPtr node) {
    for (;;) {
        if (is_op("|")) {
            node = parse_filter(std::move(node), false);
        } else if (is_name("is")) {
            node = parse_test(std::move(node));
        } else if (is_op("(")) {
            auto c = make(ExprKind::Call, node->pos);
            c->kids.push_back(std::move(node));
            c->call = parse_call_args();
            node = std::move(c);
        } else {
            return node;
        }
    }
}

ExprPtr Parser::parse_subscript(ExprPtr node) {
    std::uint32_t pos = cur().pos;
    if (skip_op(".")) {
        if (cur().type == Tok::Name) {
            auto e = make(ExprKind::Attr, node->pos);
            e->name = std::string(cur().text);
            e->kids.push_back(std::move(node));
            next();
            return e;
        }
        if (cur().type == Tok::Int) {
            auto e = make(ExprKind::Item, pos);
            e->kids.push_back(std::move(node));
            auto idx = make(ExprKind::Literal, cur().pos);
            idx->literal = Value(cur().ival);
            e->kids.push_back(std::move(idx));
            next();
            return e;
        }
        fail("expected name or number after '.', got " + describe(cur()));
    }
    expect_op("[");
    std::vector<ExprPtr> args;
    while (!is_op("]")) {
        if (!args.empty()) {
            expect_op(",");
            if (is_op("]")) {
                break;
            }
        }
        args.push_back(parse_subscribed());
    }
    next();
    if (args.empty()) {
        fail_at(pos, "expected a subscript");
    }
    ExprPtr index;
    if (args.size() == 1) {
        index = std::move(args[0]);
    } else {
        index = make(ExprKind::Tuple, pos);
        index->kids = std::move(args);
    }
    if (index->kind == ExprKind::Slice) {
        index->kids[0] = std::move(node);
        return index;
    }
    auto e = make(ExprKind::Item, pos);
    e->kids.push_back(std::move(node));
    e->kids.push_back(std::move(index));
    return e;
}

// One subscript: an expression or a slice `a:b:c` (returned as a Slice with kids[0] empty).
ExprPtr Parser::parse_subscribed() {
    std::uint32_t pos = cur().pos;
    ExprPtr start;
    if (!is_op(":")) {
        start = parse_expression();
        if (!is_op(":")) {
            return start;
        }
    }
    next();
    auto s = make(ExprKind::Slice, pos);
    s->kids.resize(4);
    s->kids[1] = std::move(start);
    if (!is_op("]") && !is_op(",") && !is_op(":")) {
        s->kids[2] = parse_expression();
    }
    if (skip_op(":")) {
        if (!is_op("]") && !is_op(",")) {
            s->kids[3] = parse_expression();
        }
    }
    return s;
}

std::unique_ptr<CallSpec> Parser::parse_call_args() {
    auto spec = std::make_unique<CallSpec>();
    expect_op("(");
    bool first = true;
    while (!is_op(")")) {
        if (!first) {
            expect_op(",");
            if (is_op(")")) {
                break;
            }
        }
        first = false;
        if (skip_op("**")) {
            spec->dstar = parse_expression();
        } else if (skip_op("*")) {
            spec->star = parse_expression();
        } else if (cur().type == Tok::Name && peek().type == Tok::Op && peek().text == "=") {
            std::string key(cur().text);
            next();
            next();
            spec->kwargs.emplace_back(std::move(key), parse_expression());
        } else {
            if (!spec->kwargs.empty() || spec->star || spec->dstar) {
                fail("invalid syntax for function call expression (positional argument after keyword)");
            }
            spec->args.push_back(parse_expression());
        }
    }
    next();
    return spec;
}

ExprPtr Parser::parse_filter(ExprPtr node, bool start_inline) {
    // `start_inline`: the cursor is on '|' in a `set`/`filter` block head with no operand yet.
    (void)start_inline;
    while (is_op("|") || (start_inline && !node && cur().type == Tok::Name)) {
        if (is_op("|")) {
            next();
        }
        start_inline = false;
        auto f = make(ExprKind::Filter, cur().pos);
        std::string name = expect_name();
        while (skip_op(".")) {
            name += "." + expect_name();
        }
        f->name = std::move(name);
        f->kids.push_back(std::move(node));
        f->call = is_op("(") ? parse_call_args() : std::make_unique<CallSpec>();
        node = std::move(f);
    }
    return node;
}

ExprPtr Parser::parse_test(ExprPtr node) {
    std::uint32_t pos = cur().pos;
    next(); // is
    auto t = make(ExprKind::Test, pos);
    t->negated = skip_name("not");
    std::string name = expect_name();
    while (skip_op(".")) {
        name += "." + expect_name();
    }
    t->name = std::move(name);
    t->kids.push_back(std::move(node));
    const Token& c = cur();
    if (is_op("(")) {
        t->call = parse_call_args();
    } else {
        t->call = std::make_unique<CallSpec>();
        bool starts_arg = c.type == Tok::Name || c.type == Tok::String || c.type == Tok::Int ||
                          c.type == Tok::Float || is_op("[") || is_op("{");
        if (starts_arg && !is_name("else") && !is_name("or") && !is_name("and")) {
            if (is_name("is")) {
                fail("you cannot chain multiple tests with 'is'");
            }
            t->call->args.push_back(parse_postfix(parse_primary()));
        }
    }
    return t;
}

} // namespace dpipe::tmpl
