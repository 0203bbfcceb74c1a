#pragma once
// The macros of a project and its packages. Built once (add_file per macros file), then
// read-only and shared by every render on every thread.

#include "core/diagnostic.hpp"
#include "template/ast.hpp"
#include "template/parser.hpp"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::tmpl {

class MacroRegistry {
public:
    struct Entry {
        std::shared_ptr<const Template> tmpl; // keeps `def` alive
        const MacroDef* def = nullptr;
        std::string package;
    };

    // Parses the `{% macro %}` (and `{% test %}`, as test_<name>) definitions of a macros
    // file of `package` (the project name, or a package under dbt_packages/). Syntax errors
    // and duplicate macro names are reported to `sink`; the other macros are still added.
    void add_file(const std::string& package, const std::string& path, std::string_view text,
                  core::DiagnosticSink& sink, const ParseLimits& limits = {});
    void set_root_package(std::string name) { m_root = std::move(name); }
    const std::string& root_package() const { return m_root; }

    // The `dispatch:` search order of dbt_project.yml for a macro namespace.
    void set_dispatch_order(std::string macro_namespace, std::vector<std::string> search_order) {
        m_dispatch[std::move(macro_namespace)] = std::move(search_order);
    }
    // Null when the project sets none for `macro_namespace`.
    const std::vector<std::string>* dispatch_order(std::string_view macro_namespace) const {
        auto it = m_dispatch.find(macro_namespace);
        return it == m_dispatch.end() ? nullptr : &it->second;
    }

    const Entry* find(std::string_view package, std::string_view name) const;
    bool has_package(std::string_view package) const;
    std::size_t size() const;

private:
    std::map<std::string, std::map<std::string, Entry, std::less<>>, std::less<>> m_packages;
    std::string m_root;
    std::map<std::string, std::vector<std::string>, std::less<>> m_dispatch;
};

} // namespace dpipe::tmpl
