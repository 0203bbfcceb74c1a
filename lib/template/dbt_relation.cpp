// dbt's Relation (what ref(), source(), this and api.Relation.create() give) and the `api`
// object (api.Relation, api.Column). A relation renders as the text the project resolved it
// to; include()/quote()/incorporate() rebuild the text from its parts.

#include "template/dbt_context.hpp"

#include "template/cross_db_impl.hpp"

#include <array>
#include <cctype>

namespace dpipe::tmpl {

namespace {

Value obj(std::shared_ptr<Object> o) {
    return Value(std::move(o));
}

std::string quote_with(char q, std::string_view s) {
    std::string out(1, q);
    for (char c : s) {
        if (c == q) {
            out += q;
        }
        out += c;
    }
    out += q;
    return out;
}

// One of database / schema / identifier: its name and how it is written in the text.
struct Part {
    std::string name;
    std::string raw; // empty when the part is absent
    bool include = true;
};

// Splits `"db"."schema"."table"` at the dots outside quotes; false when a part is empty.
bool split_relation(std::string_view text, std::vector<Part>& parts) {
    std::size_t i = 0;
    while (i <= text.size()) {
        Part p;
        std::size_t start = i;
        if (i < text.size() && (text[i] == '"' || text[i] == '`')) {
            char q = text[i++];
            while (i < text.size()) {
                if (text[i] == q && i + 1 < text.size() && text[i + 1] == q) {
                    p.name += q;
                    i += 2;
                } else if (text[i] == q) {
                    break;
                } else {
                    p.name += text[i++];
                }
            }
            if (i >= text.size()) {
                return false;
            }
            ++i;
        } else {
            while (i < text.size() && text[i] != '.') {
                char c = text[i++];
                if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_' && c != '$' && c != '-' && c != '@') {
                    return false; // not a name: the parts come from the arguments
                }
                p.name += c;
            }
        }
        p.raw = std::string(text.substr(start, i - start));
        if (p.raw.empty()) {
            return false;
        }
        parts.push_back(std::move(p));
        if (i == text.size()) {
            return parts.size() <= 3;
        }
        if (text[i] != '.') {
            return false;
        }
        ++i;
    }
    return false;
}

class Relation : public Object {
public:
    // [0] database, [1] schema, [2] identifier.
    std::array<Part, 3> m_parts;
    std::string m_type; // "" = None
    char m_quote = '"';
    bool m_rebuilt = false; // render from the parts instead of m_text
    bool m_target_database = false; // the database is the target's (a string, maybe empty), not None
    std::string m_text;

    std::string_view type_name() const override { return "Relation"; }
    bool is_mapping() const override { return true; }
    std::string str() const override {
        if (!m_rebuilt) {
            return m_text;
        }
        std::string out;
        for (const auto& p : m_parts) {
            if (p.include && !p.raw.empty()) {
                out += (out.empty() ? "" : ".") + p.raw;
            }
        }
        return out;
    }
    bool equals(const Value& other) const override {
        return other.is_object() && other.as_object()->type_name() == "Relation" && other.as_object()->str() == str();
    }
    bool iterate(std::vector<Value>& out) const override {
        for (const char* k : {"path", "type", "quote_policy", "include_policy", "quote_character"}) {
            out.emplace_back(k);
        }
        return true;
    }
    Value get_attr(Interp& in, std::string_view name) override;
    Value get_item(Interp& in, const Value& key) override {
        if (key.is_string()) {
            Value v = field(key.as_string());
            if (!v.is_undefined()) {
                return v;
            }
        }
        return Object::get_item(in, key);
    }

    Value part_value(std::size_t i) const {
        bool absent = m_parts[i].name.empty() && m_parts[i].raw.empty() && !(i == 0 && m_target_database);
        return absent ? Value::none() : Value(m_parts[i].name);
    }
    Value policy(bool quote) const {
        auto d = std::make_shared<Dict>();
        static const char* const k_names[] = {"database", "schema", "identifier"};
        for (std::size_t i = 0; i < 3; ++i) {
            const Part& p = m_parts[i];
            bool quoted = !p.raw.empty() && (p.raw[0] == '"' || p.raw[0] == '`');
            d->set(Value(k_names[i]), Value(quote ? (p.raw.empty() ? m_quote != '\0' : quoted) : p.include));
        }
        return Value(std::move(d));
    }
    Value path() const {
        auto d = std::make_shared<Dict>();
        d->set(Value("database"), part_value(0));
        d->set(Value("schema"), part_value(1));
        d->set(Value("identifier"), part_value(2));
        return Value(std::move(d));
    }
    // The mapping view of dbt's relation (FakeAPIObject); undefined for other keys.
    Value field(std::string_view key) const {
        if (key == "path") {
            return path();
        }
        if (key == "type") {
            return m_type.empty() ? Value::none() : Value(m_type);
        }
        if (key == "quote_policy" || key == "include_policy") {
            return policy(key == "quote_policy");
        }
        if (key == "quote_character") {
            return Value(std::string(1, m_quote));
        }
        if (key == "metadata") {
            auto d = std::make_shared<Dict>();
            d->set(Value("type"), Value("BaseRelation"));
            return Value(std::move(d));
        }
        if (key == "database") {
            return part_value(0);
        }
        if (key == "schema") {
            return part_value(1);
        }
        if (key == "identifier" || key == "name" || key == "table") {
            return part_value(2);
        }
        return Value::undefined();
    }

    std::shared_ptr<Relation> copy() const { return std::make_shared<Relation>(*this); }
    void set_part(std::size_t i, const Value& v) {
        Part& p = m_parts[i];
        if (v.is_none() || v.is_undefined()) {
            p.name.clear();
            p.raw.clear();
        } else {
            p.name = v.str();
            p.raw = m_quote != '\0' ? quote_with(m_quote, p.name) : p.name;
        }
        m_rebuilt = true;
    }
};

class RelationMethod : public Object {
public:
    RelationMethod(std::shared_ptr<Relation> self, std::string name) : m_self(std::move(self)), m_name(std::move(name)) {}
    std::string_view type_name() const override { return "method"; }
    bool callable() const override { return true; }
    Value call(Interp& in, CallArgs& a) override;

private:
    std::shared_ptr<Relation> m_self;
    std::string m_name;
};

int part_index(std::string_view k) {
    if (k == "database") {
        return 0;
    }
    if (k == "schema") {
        return 1;
    }
    return k == "identifier" ? 2 : -1;
}

Value RelationMethod::call(Interp& in, CallArgs& a) {
    const Relation& r = *m_self;
    if (m_name == "render") {
        return Value(r.str());
    }
    if (m_name == "get") {
        const Value* key = a.get(0, "key");
        const Value* dflt = a.get(1, "default");
        Value v = key != nullptr && key->is_string() ? r.field(key->as_string()) : Value::undefined();
        return !v.is_undefined() ? v : (dflt ? *dflt : Value::none());
    }
    if (m_name == "to_dict") {
        auto d = std::make_shared<Dict>();
        for (const char* k : {"path", "type", "quote_policy", "include_policy", "quote_character"}) {
            d->set(Value(k), r.field(k));
        }
        return Value(std::move(d));
    }
    if (m_name == "keys") {
        std::vector<Value> out;
        r.iterate(out);
        return Value::list(std::move(out));
    }
    auto n = r.copy();
    if (m_name == "include" || m_name == "quote") {
        for (const auto& [k, v] : a.kw) {
            int i = part_index(k);
            if (i < 0) {
                in.fail("TP002", m_name + "() got an unexpected keyword argument '" + k + "'");
            }
            if (v.is_none()) {
                continue;
            }
            Part& p = n->m_parts[static_cast<std::size_t>(i)];
            if (m_name == "include") {
                p.include = v.truthy();
            } else if (!p.raw.empty()) {
                p.raw = v.truthy() ? quote_with(r.m_quote, p.name) : p.name;
            }
        }
        n->m_rebuilt = true;
        return obj(n);
    }
    if (m_name == "without_identifier") {
        n->m_parts[2].include = false;
        n->m_rebuilt = true;
        return obj(n);
    }
    if (m_name == "incorporate" || m_name == "replace_path") {
        auto apply_path = [&](const Value& d) {
            if (d.is_dict()) {
                for (const auto& [k, v] : d.as_dict()->items) {
                    if (int i = part_index(k.str()); i >= 0) {
                        n->set_part(static_cast<std::size_t>(i), v);
                    }
                }
            }
        };
        for (const auto& [k, v] : a.kw) {
            if (k == "path") {
                apply_path(v);
            } else if (k == "type") {
                n->m_type = v.is_none() ? std::string() : v.str();
            } else if (int i = part_index(k); i >= 0) {
                n->set_part(static_cast<std::size_t>(i), v);
            }
        }
        return obj(n);
    }
    if (m_name == "information_schema") {
        n->m_parts[1] = Part{"INFORMATION_SCHEMA", "INFORMATION_SCHEMA", true};
        n->m_parts[2] = Part{};
        if (const Value* view = a.get(0, "view_name"); view != nullptr && !view->is_none()) {
            n->m_parts[2] = Part{view->str(), view->str(), true};
        }
        n->m_rebuilt = true;
        return obj(n);
    }
    if (m_name == "matches") {
        static const char* const k_names[] = {"database", "schema", "identifier"};
        for (std::size_t i = 0; i < 3; ++i) {
            const Value* v = a.get(i, k_names[i]);
            if (v != nullptr && !v->is_none() && cross_db::lower(v->str()) != cross_db::lower(r.m_parts[i].name)) {
                return Value(false);
            }
        }
        return Value(true);
    }
    return Value::none();
}

Value Relation::get_attr(Interp& in, std::string_view name) {
    Value v = field(name);
    if (!v.is_undefined()) {
        return v;
    }
    if (name == "is_table" || name == "is_view" || name == "is_cte" || name == "is_materialized_view") {
        return Value(m_type == name.substr(3) || (name == "is_materialized_view" && m_type == "materialized_view"));
    }
    if (name == "limit" || name == "event_time" || name == "require_alias") {
        return Value::none();
    }
    static const char* const k_methods[] = {"render", "get", "to_dict", "keys", "include", "quote", "incorporate",
                                            "replace_path", "without_identifier", "information_schema", "matches"};
    for (const char* m : k_methods) {
        if (name == m) {
            return obj(std::make_shared<RelationMethod>(std::static_pointer_cast<Relation>(shared_from_this()), m));
        }
    }
    return Object::get_attr(in, name);
}

char ident_quote(const DbtContext& ctx) {
    std::string t = adapter_type(ctx);
    return t == "bigquery" || t == "databricks" || t == "spark" ? '`' : '"';
}

// ---- api.Relation, api.Column

class RelationClass : public Object {
public:
    explicit RelationClass(char quote) : m_quote(quote) {}
    std::string_view type_name() const override { return "type"; }
    Value get_attr(Interp& in, std::string_view name) override {
        if (name == "create" || name == "add_ephemeral_prefix" || name == "create_from") {
            return obj(std::make_shared<Fn>(m_quote, std::string(name)));
        }
        for (const char* t : {"Table", "View", "CTE", "MaterializedView", "External"}) {
            if (name == t) {
                std::string s = name == "MaterializedView" ? "materialized_view" : cross_db::lower(name);
                return Value(s);
            }
        }
        return Object::get_attr(in, name);
    }

private:
    class Fn : public Object {
    public:
        Fn(char quote, std::string name) : m_quote(quote), m_name(std::move(name)) {}
        std::string_view type_name() const override { return "method"; }
        bool callable() const override { return true; }
        Value call(Interp&, CallArgs& a) override {
            if (m_name == "add_ephemeral_prefix") {
                const Value* v = a.get(0, "name");
                return Value("__dbt__cte__" + (v ? v->str() : std::string()));
            }
            auto r = std::make_shared<Relation>();
            r->m_quote = m_quote;
            static const char* const k_names[] = {"database", "schema", "identifier"};
            for (std::size_t i = 0; i < 3; ++i) {
                if (const Value* v = a.get(i, k_names[i])) {
                    r->set_part(i, *v);
                }
            }
            if (const Value* t = a.get(3, "type"); t != nullptr && !t->is_none()) {
                r->m_type = t->str();
            }
            r->m_rebuilt = true;
            return obj(r);
        }

    private:
        char m_quote;
        std::string m_name;
    };
    char m_quote;
};

class Column : public Object {
public:
    Column(std::string name, std::string dtype, char quote) : m_name(std::move(name)), m_dtype(std::move(dtype)), m_quote(quote) {}
    std::string_view type_name() const override { return "Column"; }
    std::string str() const override { return "<Column " + m_name + " (" + m_dtype + ")>"; }
    Value get_attr(Interp& in, std::string_view name) override {
        std::string lower = cross_db::lower(m_dtype);
        if (name == "name" || name == "column") {
            return Value(m_name);
        }
        if (name == "quoted") {
            return Value(quote_with(m_quote, m_name));
        }
        if (name == "dtype" || name == "data_type") {
            return Value(m_dtype);
        }
        if (name == "char_size" || name == "numeric_precision" || name == "numeric_scale") {
            return Value::none();
        }
        if (name == "is_string" || name == "is_number" || name == "is_numeric" || name == "is_integer" ||
            name == "is_float" || name == "string_size" || name == "can_expand_to" || name == "literal") {
            return obj(std::make_shared<Pred>(std::string(name), lower, m_name));
        }
        return Object::get_attr(in, name);
    }

private:
    class Pred : public Object {
    public:
        Pred(std::string name, std::string dtype, std::string col) : m_name(std::move(name)), m_dtype(std::move(dtype)), m_col(std::move(col)) {}
        std::string_view type_name() const override { return "method"; }
        bool callable() const override { return true; }
        Value call(Interp&, CallArgs& a) override {
            auto starts = [&](std::initializer_list<const char*> ps) {
                for (const char* p : ps) {
                    if (m_dtype.rfind(p, 0) == 0) {
                        return true;
                    }
                }
                return false;
            };
            bool is_int = starts({"int", "bigint", "smallint", "tinyint", "integer", "int64", "serial", "bigserial"});
            bool is_float = starts({"float", "double", "real", "float64"});
            bool is_numeric = starts({"numeric", "decimal", "number", "bignumeric"});
            if (m_name == "is_string") {
                return Value(starts({"text", "varchar", "character", "char", "string", "nvarchar", "nchar"}));
            }
            if (m_name == "is_integer") {
                return Value(is_int);
            }
            if (m_name == "is_float") {
                return Value(is_float);
            }
            if (m_name == "is_numeric") {
                return Value(is_numeric);
            }
            if (m_name == "is_number") {
                return Value(is_int || is_float || is_numeric);
            }
            if (m_name == "literal") {
                const Value* v = a.get(0, "value");
                return Value("cast(" + (v ? v->str() : std::string()) + " as " + m_dtype + ")");
            }
            if (m_name == "string_size") {
                return Value(static_cast<std::int64_t>(256));
            }
            (void)m_col;
            return Value(false);
        }

    private:
        std::string m_name, m_dtype, m_col;
    };
    std::string m_name, m_dtype;
    char m_quote;
};

class ColumnClass : public Object {
public:
    explicit ColumnClass(DbtContext& ctx) : m_ctx(ctx) {}
    std::string_view type_name() const override { return "type"; }
    bool callable() const override { return true; }
    Value call(Interp&, CallArgs& a) override { return make(a); }
    Value get_attr(Interp& in, std::string_view name) override {
        if (name == "create" || name == "translate_type" || name == "numeric_type" || name == "string_type" ||
            name == "from_description") {
            return obj(std::make_shared<Fn>(*this, std::string(name)));
        }
        return Object::get_attr(in, name);
    }

private:
    Value make(CallArgs& a) {
        const Value* n = a.get(0, "column");
        if (n == nullptr) {
            n = a.get(0, "name");
        }
        const Value* t = a.get(1, "dtype");
        if (t == nullptr) {
            t = a.get(1, "data_type");
        }
        return obj(std::make_shared<Column>(n ? n->str() : std::string(), t ? t->str() : std::string(),
                                            ident_quote(m_ctx)));
    }
    std::string translate(const std::string& dtype) const {
        std::string t = adapter_type(m_ctx);
        std::string up = cross_db::upper(dtype);
        if (t == "bigquery") {
            if (up == "STRING" || up == "TEXT" || up == "VARCHAR") {
                return "STRING";
            }
            if (up == "INTEGER" || up == "INT" || up == "BIGINT") {
                return "INT64";
            }
            if (up == "FLOAT" || up == "DOUBLE") {
                return "FLOAT64";
            }
            return dtype;
        }
        if (up == "STRING") {
            return t == "spark" || t == "databricks" ? "string" : (t == "trino" ? "varchar" : "TEXT");
        }
        if (up == "FLOAT") {
            return t == "postgres" || t == "redshift" ? "FLOAT" : dtype;
        }
        return dtype;
    }
    class Fn : public Object {
    public:
        Fn(ColumnClass& owner, std::string name) : m_owner(std::static_pointer_cast<ColumnClass>(owner.shared_from_this())), m_name(std::move(name)) {}
        std::string_view type_name() const override { return "method"; }
        bool callable() const override { return true; }
        Value call(Interp&, CallArgs& a) override {
            if (m_name == "create" || m_name == "from_description") {
                return m_owner->make(a);
            }
            const Value* v = a.get(0, "dtype");
            std::string dtype = v ? v->str() : std::string();
            if (m_name == "translate_type") {
                return Value(m_owner->translate(dtype));
            }
            if (m_name == "string_type") {
                return Value("character varying(" + dtype + ")");
            }
            const Value* p = a.get(1, "precision");
            const Value* s = a.get(2, "scale");
            if (p == nullptr || p->is_none() || s == nullptr || s->is_none()) {
                return Value(dtype);
            }
            return Value(dtype + "(" + p->str() + "," + s->str() + ")");
        }

    private:
        std::shared_ptr<ColumnClass> m_owner;
        std::string m_name;
    };
    DbtContext& m_ctx;
};

class Api : public Object {
public:
    explicit Api(DbtContext& ctx) : m_ctx(ctx) {}
    std::string_view type_name() const override { return "api"; }
    Value get_attr(Interp& in, std::string_view name) override {
        if (name == "Relation") {
            return obj(std::make_shared<RelationClass>(ident_quote(m_ctx)));
        }
        if (name == "Column") {
            return obj(std::make_shared<ColumnClass>(m_ctx));
        }
        return Object::get_attr(in, name);
    }

private:
    DbtContext& m_ctx;
};

} // namespace

Value make_relation(std::string text, std::string database, std::string schema, std::string identifier) {
    auto r = std::make_shared<Relation>();
    std::vector<Part> parts;
    if (split_relation(text, parts)) {
        std::size_t first = 3 - parts.size();
        for (std::size_t i = 0; i < parts.size(); ++i) {
            r->m_parts[first + i] = std::move(parts[i]);
        }
        if (first > 0) {
            r->m_parts[0].name = std::move(database); // the target's, not written in the text
            r->m_target_database = true;
        }
        char q = r->m_parts[2].raw.empty() ? '"' : r->m_parts[2].raw[0];
        r->m_quote = q == '`' || q == '"' ? q : '"';
    } else {
        r->m_parts[0].name = std::move(database);
        r->m_target_database = true;
        r->m_parts[1].name = std::move(schema);
        r->m_parts[2].name = std::move(identifier);
    }
    r->m_text = std::move(text);
    return obj(r);
}

Value make_column(DbtContext& ctx, std::string name, std::string dtype) {
    return obj(std::make_shared<Column>(std::move(name), std::move(dtype), ident_quote(ctx)));
}

Value make_api(DbtContext& ctx) {
    return obj(std::make_shared<Api>(ctx));
}

} // namespace dpipe::tmpl
