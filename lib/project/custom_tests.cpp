#include "project/custom_tests.hpp"

#include "project/render_setup.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

namespace dpipe::project {

namespace {

constexpr const char* k_args = "__dpipe_test_args";

// A name Jinja can take as a keyword argument.
bool identifier(const std::string& s) {
    if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) {
        return false;
    }
    return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

// `ref('x')`, `ref("pkg", "x")`, `source('a', 'b')` written as a test argument.
bool relation_call(const std::string& v) {
    static const std::regex k_call(R"(^\s*(ref|source)\(\s*(['"][A-Za-z0-9_.\- ]*['"]\s*,?\s*){1,2}\)\s*$)");
    return std::regex_match(v, k_call);
}

// The macro a test name calls: `pkg.name` -> pkg.test_name; a plain name -> the project's own
// test_name, else the first installed package that defines it.
std::string macro_call(const Snapshot& s, const RenderSetup& setup, const std::string& name) {
    auto dot = name.find('.');
    if (dot != std::string::npos) {
        return name.substr(0, dot) + ".test_" + name.substr(dot + 1);
    }
    std::string macro = "test_" + name;
    if (setup.macros.find(s.project.name, macro) == nullptr) {
        for (const auto& pkg : s.project.packages) {
            if (setup.macros.find(pkg.name, macro) != nullptr) {
                return pkg.name + "." + macro;
            }
        }
    }
    return macro;
}

} // namespace

util::Result<std::string, core::Diagnostic> render_custom_test(const Snapshot& snapshot, const core::TestSpec& spec,
                                                               const std::string& model) {
    const RenderSetup& setup = *snapshot.render_setup;
    core::Json globals = setup.globals;
    core::Json& args = globals[k_args];
    args = core::Json::object();
    std::string call = "{{ " + macro_call(snapshot, setup, spec.name) + "(model=";
    auto where = spec.config.find("where");
    if (where != spec.config.end() && where->is_string() && !where->get<std::string>().empty()) {
        args["where"] = where->get<std::string>();
        call += "'(select * from ' ~ " + model + " ~ ' where ' ~ " + k_args + "['where'] ~ ') dbt_subquery'";
    } else {
        call += model;
    }
    if (!spec.column.empty()) {
        args["column_name"] = spec.column;
        call += std::string(", column_name=") + k_args + "['column_name']";
    }
    for (const auto& [key, value] : spec.args.items()) {
        if (!identifier(key) || key == "model" || (key == "column_name" && !spec.column.empty())) {
            continue;
        }
        if (value.is_string() && relation_call(value.get<std::string>())) {
            call += ", " + key + "=" + value.get<std::string>();
            continue;
        }
        args[key] = value;
        call += ", " + key + "=" + k_args + "['" + key + "']";
    }
    call += ") }}";

    tmpl::RenderRequest req;
    req.text = call;
    req.file = spec.loc.file;
    req.macros = &setup.macros;
    req.vars = &snapshot.project.vars;
    req.project = &snapshot.project;
    req.target = setup.target;
    req.globals = &globals;
    req.model_name = spec.name;
    req.resolve_ref = [&snapshot](const core::Ref& r) {
        auto it = snapshot.relations.refs.find(r.name);
        return it != snapshot.relations.refs.end() ? it->second : r.name;
    };
    req.resolve_source = [&snapshot](const core::SourceCall& c) {
        auto it = snapshot.relations.sources.find(c.source_name + "." + c.table_name);
        return it != snapshot.relations.sources.end() ? it->second : c.source_name + "." + c.table_name;
    };
    auto r = tmpl::render(req);
    if (!r) {
        core::Diagnostic d = r.error();
        if (d.loc.file == spec.loc.file) {
            d.loc = spec.loc; // the generated call is no text of that file: point at the test's entry
        }
        return util::unexpected(std::move(d));
    }
    return std::move(r->rendered.sql);
}

} // namespace dpipe::project
