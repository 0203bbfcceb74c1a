#pragma once
// Builds small rendered projects in memory for graph tests.

#include "core/project.hpp"

#include <string>
#include <vector>

namespace dpipe::test {

inline core::Model model(const std::string& name, const std::vector<std::string>& refs,
                         const std::string& dir = "models") {
    core::Model m;
    m.name = name;
    m.package = "shop";
    m.path = dir + "/" + name + ".sql";
    m.loc = {m.path, 1, 1};
    m.rendered.done = true;
    int line = 1;
    for (const auto& r : refs) {
        m.rendered.refs.push_back({"", r, "", {m.path, ++line, 8}});
    }
    return m;
}

inline core::SourceTable source(const std::string& src, const std::string& table) {
    core::SourceTable s;
    s.source_name = src;
    s.name = table;
    s.identifier = table;
    s.schema = src;
    s.loc = {"models/_sources.yml", 5, 9};
    return s;
}

inline core::Project project() {
    core::Project p;
    p.name = "shop";
    p.root = "/tmp/shop";
    return p;
}

} // namespace dpipe::test
