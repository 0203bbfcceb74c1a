// Jinja in dbt_project.yml and profiles.yml, through lib/template's public render().

#include "load/dbt_render.hpp"

#include "template/render.hpp"

#include <cerrno>
#include <cstdlib>
#include <string>

namespace dpipe::load {

namespace {

bool is_int_literal(std::string_view s) {
    std::size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    if (i >= s.size()) {
        return false;
    }
    for (; i < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
    }
    return true;
}

bool is_float_literal(std::string_view s) {
    std::size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    bool digits = false;
    bool dot = false;
    bool exp = false;
    for (; i < s.size(); ++i) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            digits = true;
        } else if (c == '.' && !dot && !exp) {
            dot = true;
        } else if ((c == 'e' || c == 'E') && digits && !exp) {
            exp = true;
            digits = false;
            if (i + 1 < s.size() && (s[i + 1] == '-' || s[i + 1] == '+')) {
                ++i;
            }
        } else {
            return false;
        }
    }
    return digits && (dot || exp);
}

// The JSON the Jinja `target` of dbt_project.yml shows.
core::Json target_json(const core::Target& t, const std::string& dialect) {
    core::Json j = core::Json::object();
    j["name"] = t.name;
    j["target_name"] = t.name;
    j["profile_name"] = t.profile_name;
    j["type"] = t.type.empty() ? dialect : t.type;
    j["schema"] = t.schema;
    j["database"] = t.database;
    j["threads"] = t.threads;
    return j;
}

// Where the content of the scalar at `at` starts: one column past an opening quote.
core::SourceLoc content_start(std::string_view text, const core::SourceLoc& at) {
    if (at.line <= 0 || at.col <= 0) {
        return at;
    }
    std::size_t pos = 0;
    for (int line = 1; line < at.line; ++line) {
        pos = text.find('\n', pos);
        if (pos == std::string_view::npos) {
            return at;
        }
        ++pos;
    }
    pos += static_cast<std::size_t>(at.col - 1);
    core::SourceLoc out = at;
    if (pos < text.size() && (text[pos] == '"' || text[pos] == '\'')) {
        ++out.col;
    }
    return out;
}

// Keys dbt leaves unrendered at load time.
bool skipped_top_level(std::string_view key) {
    return key == "vars" || key == "on-run-start" || key == "on-run-end" || key == "query-comment";
}

bool is_resource_block(std::string_view key) {
    return key == "models" || key == "seeds" || key == "snapshots" || key == "tests" || key == "data_tests";
}

bool is_hook(std::string_view key) {
    while (!key.empty() && (key.front() == '+' || key.front() == ' ')) {
        key.remove_prefix(1);
    }
    return key == "pre-hook" || key == "post-hook" || key == "pre_hook" || key == "post_hook";
}

// Walks `value` and `node` (the same value, located) together.
void render_tree(const ConfigRenderer& r, core::Json& value, const Node& node, bool in_resources,
                 std::vector<core::Diagnostic>& out) {
    if (value.is_object()) {
        std::vector<std::pair<std::string_view, Node>> children;
        node.each_member([&](std::string_view k, const Node& v) { children.emplace_back(k, v); });
        std::size_t i = 0;
        for (auto& [k, v] : value.items()) {
            if (i >= children.size()) {
                break;
            }
            const Node& child = children[i++].second;
            if (in_resources && is_hook(k)) {
                continue;
            }
            render_tree(r, v, child, in_resources, out);
        }
        return;
    }
    if (value.is_array()) {
        for (std::size_t i = 0; i < value.size() && i < node.size(); ++i) {
            render_tree(r, value[i], node[i], in_resources, out);
        }
        return;
    }
    if (!value.is_string() || !has_jinja(value.get_ref<const std::string&>())) {
        return;
    }
    auto rendered = render_config_value(r, value.get_ref<const std::string&>(), node.loc());
    if (!rendered) {
        out.push_back(std::move(rendered.error()));
        return;
    }
    value = std::move(*rendered);
}

// dbt's SchemaYamlRenderer: descriptions and data tests are rendered later (docs, generic
// tests), so they stay as written. `keypath` is the path inside one entry of `key`.
bool is_norender_key(const std::vector<std::string>& kp, std::size_t from) {
    std::size_t n = kp.size() - from;
    auto at = [&](std::size_t i) -> const std::string& { return kp[from + i]; };
    auto test_or_doc = [](const std::string& k) { return k == "tests" || k == "data_tests" || k == "description"; };
    if (n >= 1 && test_or_doc(at(0))) {
        return true;
    }
    if (n == 2 && test_or_doc(at(1))) {
        return true;
    }
    if (n == 5 && at(4) == "description") {
        return true;
    }
    return n >= 3 && (at(0) == "columns" || at(0) == "dimensions" || at(0) == "measures" || at(0) == "entities") &&
           test_or_doc(at(2));
}

bool should_render(std::string_view key, const std::vector<std::string>& kp) {
    if (kp.empty()) {
        return true;
    }
    if (key == "sources") {
        if (kp[0] == "description") {
            return false;
        }
        return !(kp[0] == "tables" && kp.size() > 2 && is_norender_key(kp, 2));
    }
    // MetricFlow's own templates ({{ Dimension('x') }}) in metric filters and saved query
    // `where` are left for MetricFlow, as dbt's SchemaYamlRenderer leaves them.
    if (key == "metrics" && kp.back() == "filter") {
        return false;
    }
    if (key == "saved_queries" && kp[0] == "query_params" && kp.size() > 1 && kp[1] == "where") {
        return false;
    }
    if (key == "macros") {
        return kp[0] == "arguments" ? !(kp.size() > 1 && is_norender_key(kp, 1)) : !is_norender_key(kp, 0);
    }
    return !is_norender_key(kp, 0);
}

void render_entry(const ConfigRenderer& r, std::string_view key, core::Json& value, const Node& node,
                  std::vector<std::string>& kp, std::vector<core::Diagnostic>& out) {
    if (!should_render(key, kp)) {
        return;
    }
    if (value.is_object()) {
        std::vector<std::pair<std::string_view, Node>> children;
        node.each_member([&](std::string_view k, const Node& v) { children.emplace_back(k, v); });
        std::size_t i = 0;
        for (auto& [k, v] : value.items()) {
            if (i >= children.size()) {
                break;
            }
            kp.push_back(k);
            render_entry(r, key, v, children[i++].second, kp, out);
            kp.pop_back();
        }
        return;
    }
    if (value.is_array()) {
        for (std::size_t i = 0; i < value.size() && i < node.size(); ++i) {
            kp.push_back(std::to_string(i));
            render_entry(r, key, value[i], node[i], kp, out);
            kp.pop_back();
        }
        return;
    }
    if (!value.is_string() || !has_jinja(value.get_ref<const std::string&>())) {
        return;
    }
    auto rendered = render_config_value(r, value.get_ref<const std::string&>(), node.loc());
    if (!rendered) {
        // dbt stops here; dpipe keeps the text as written and goes on, as for a missing profile.
        core::Diagnostic d = std::move(rendered.error());
        d.severity = core::Severity::Warning;
        out.push_back(std::move(d));
        return;
    }
    // Names stay strings ("123" is a table name, not a number).
    value = rendered->is_string() ? std::move(*rendered) : core::Json(rendered->dump());
}

} // namespace

void render_property_file(const ConfigRenderer& r, Document& doc, std::vector<core::Diagnostic>& out) {
    if (!doc.root.is_object()) {
        return;
    }
    Node root = doc.node();
    std::vector<std::pair<std::string_view, Node>> children;
    root.each_member([&](std::string_view k, const Node& v) { children.emplace_back(k, v); });
    std::size_t i = 0;
    std::vector<std::string> kp;
    for (auto& [k, list] : doc.root.items()) {
        if (i >= children.size()) {
            break;
        }
        const Node& node = children[i++].second;
        if (k == "version" || !list.is_array()) {
            continue;
        }
        for (std::size_t e = 0; e < list.size() && e < node.size(); ++e) {
            if (list[e].is_object()) {
                render_entry(r, k, list[e], node[e], kp, out);
            }
        }
    }
}

bool has_jinja(std::string_view text) {
    return text.find("{{") != std::string_view::npos || text.find("{%") != std::string_view::npos ||
           text.find("{#") != std::string_view::npos;
}

core::Json native_value(const std::string& rendered) {
    std::string_view s = rendered;
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    // Python's literal_eval, for the literals that matter in configuration; "true"/"false" are
    // accepted too, as YAML spells them.
    if (s == "True" || s == "true") {
        return true;
    }
    if (s == "False" || s == "false") {
        return false;
    }
    if (s == "None") {
        return nullptr;
    }
    if (is_int_literal(s)) {
        errno = 0;
        char* end = nullptr;
        std::string digits(s);
        long long v = std::strtoll(digits.c_str(), &end, 10);
        if (errno == 0 && end == digits.c_str() + digits.size()) {
            return v;
        }
    } else if (is_float_literal(s)) {
        std::string digits(s);
        return std::strtod(digits.c_str(), nullptr);
    }
    return rendered;
}

util::Result<core::Json, core::Diagnostic> render_config_value(const ConfigRenderer& r, std::string_view text,
                                                               const core::SourceLoc& at) {
    tmpl::RenderRequest req;
    req.text = text;
    req.file = at.file;
    req.vars = r.vars;
    req.strict_vars = true; // dbt fails on a missing var in its YAML files
    if (r.env) {
        req.env = r.env;
    }
    core::Json globals = core::Json::object();
    if (r.target != nullptr) {
        req.target.name = r.target->name;
        req.target.schema = r.target->schema;
        req.target.database = r.target->database;
        req.target.type = r.target->type.empty() ? r.dialect : r.target->type;
        globals["target"] = target_json(*r.target, r.dialect);
    } else {
        // profiles.yml and the `profile:` key are rendered before any target exists.
        globals["target"] = nullptr;
    }
    req.globals = &globals;
    auto result = tmpl::render(req);
    if (!result) {
        core::Diagnostic d = std::move(result.error());
        core::SourceLoc start = content_start(r.file_text, at);
        if (d.loc.line <= 1) {
            d.loc = {at.file, start.line, start.col + (d.loc.col > 0 ? d.loc.col - 1 : 0)};
        } else {
            d.loc = {at.file, start.line + d.loc.line - 1, d.loc.col};
        }
        return util::unexpected(std::move(d));
    }
    return native_value(result->rendered.sql);
}

void render_dbt_project(const ConfigRenderer& r, Document& doc, std::vector<core::Diagnostic>& out) {
    if (!doc.root.is_object()) {
        return;
    }
    Node root = doc.node();
    std::vector<std::pair<std::string_view, Node>> children;
    root.each_member([&](std::string_view k, const Node& v) { children.emplace_back(k, v); });
    std::size_t i = 0;
    for (auto& [k, v] : doc.root.items()) {
        if (i >= children.size()) {
            break;
        }
        const Node& child = children[i++].second;
        if (skipped_top_level(k)) {
            continue;
        }
        render_tree(r, v, child, is_resource_block(k), out);
    }
}

} // namespace dpipe::load
