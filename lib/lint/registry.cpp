// The families put together, sorted by code, with codes and names checked unique.

#include "lint/registry.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <set>

namespace dpipe::lint {

namespace {

RuleList build_all() {
    RuleList rules;
    register_config_rules(rules);
    register_graph_rules(rules);
    register_sql_rules(rules);
    register_style_rules(rules);
    register_governance_rules(rules);
    register_security_rules(rules);
    std::sort(rules.begin(), rules.end(),
              [](const auto& a, const auto& b) { return a->info().code < b->info().code; });
    std::set<std::string> seen;
    for (const auto& r : rules) {
        const RuleInfo& info = r->info();
        std::string prefix = family_prefix(info.family);
        bool well_formed = info.code.size() == 5 && info.code.compare(0, 2, prefix) == 0 && !info.name.empty();
        // A duplicate or malformed code is a programming error: every build must catch it.
        if (!well_formed || !seen.insert(info.code).second || !seen.insert(info.name).second) {
            std::fprintf(stderr, "dpipe: internal error: lint rule '%s' (%s) is malformed or registered twice\n",
                         info.code.c_str(), info.name.c_str());
            std::abort();
        }
    }
    return rules;
}

} // namespace

const RuleList& all_rules() {
    static const RuleList k_rules = build_all();
    return k_rules;
}

const Rule* find_rule(std::string_view code_or_name) {
    for (const auto& r : all_rules()) {
        const RuleInfo& info = r->info();
        bool same_code = info.code.size() == code_or_name.size() &&
                         std::equal(info.code.begin(), info.code.end(), code_or_name.begin(),
                                    [](char a, char b) { return a == std::toupper(static_cast<unsigned char>(b)); });
        if (same_code || info.name == code_or_name) {
            return r.get();
        }
    }
    return nullptr;
}

} // namespace dpipe::lint
