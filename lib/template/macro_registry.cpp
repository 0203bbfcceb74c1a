#include "template/macro_registry.hpp"

namespace dpipe::tmpl {

void MacroRegistry::add_file(const std::string& package, const std::string& path, std::string_view text,
                             core::DiagnosticSink& sink, const ParseLimits& limits) {
    auto parsed = parse_template(text, path, limits);
    auto& macros = m_packages[package];
    if (!parsed) {
        sink.report(parsed.error());
        return;
    }
    std::shared_ptr<const Template> tmpl = parsed.value();
    for (const auto& def : tmpl->macros) {
        auto [it, inserted] = macros.try_emplace(def->name, Entry{tmpl, def.get(), package});
        if (!inserted) {
            core::Diagnostic d;
            d.severity = core::Severity::Error;
            d.code = "TP010";
            d.loc = tmpl->loc(def->pos);
            d.message = "macro '" + def->name + "' is defined twice in package '" + package + "'";
            d.notes.push_back("first defined at " + it->second.tmpl->loc(it->second.def->pos).str());
            sink.report(std::move(d));
        }
    }
}

const MacroRegistry::Entry* MacroRegistry::find(std::string_view package, std::string_view name) const {
    auto p = m_packages.find(package);
    if (p == m_packages.end()) {
        return nullptr;
    }
    auto m = p->second.find(name);
    return m == p->second.end() ? nullptr : &m->second;
}

bool MacroRegistry::has_package(std::string_view package) const {
    return m_packages.find(package) != m_packages.end();
}

std::size_t MacroRegistry::size() const {
    std::size_t n = 0;
    for (const auto& [k, v] : m_packages) {
        n += v.size();
    }
    return n;
}

} // namespace dpipe::tmpl
