#include "lint/rule.hpp"

#include "lint/context.hpp"

#include <stdexcept>

namespace dpipe::lint {

const char* family_prefix(Family f) {
    switch (f) {
    case Family::Config: return "CF";
    case Family::Graph: return "GR";
    case Family::Sql: return "SQ";
    case Family::Style: return "ST";
    case Family::Governance: return "GV";
    case Family::Security: return "SC";
    }
    return "??";
}

const char* family_name(Family f) {
    switch (f) {
    case Family::Config: return "config";
    case Family::Graph: return "graph";
    case Family::Sql: return "sql";
    case Family::Style: return "style";
    case Family::Governance: return "governance";
    case Family::Security: return "security";
    }
    return "unknown";
}

const core::Json& RuleOptions::at(std::string_view name) const {
    auto it = m_values.find(std::string(name));
    if (it == m_values.end()) {
        throw std::logic_error("lint rule asked for undeclared option '" + std::string(name) + "'");
    }
    return *it;
}

bool RuleOptions::get_bool(std::string_view name) const { return at(name).get<bool>(); }

long long RuleOptions::get_int(std::string_view name) const { return at(name).get<long long>(); }

std::string RuleOptions::get_string(std::string_view name) const { return at(name).get<std::string>(); }

std::vector<std::string> RuleOptions::get_strings(std::string_view name) const {
    return at(name).get<std::vector<std::string>>();
}

void Rule::check_project(const Context&, const RuleOptions&, Reporter&) const {}

void Rule::check_unit(const Context&, const SqlUnit&, const RuleOptions&, Reporter&) const {}

} // namespace dpipe::lint
