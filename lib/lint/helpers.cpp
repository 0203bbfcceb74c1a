#include "lint/helpers.hpp"

#include <algorithm>

namespace dpipe::lint {

void report_diagnostics(const Context& ctx, Reporter& out, std::initializer_list<std::string_view> codes,
                        const std::function<bool(const core::Diagnostic&)>& keep) {
    for (const auto& d : ctx.diagnostics()) {
        bool wanted = false;
        for (auto c : codes) {
            wanted = wanted || d.code == c;
        }
        if (wanted && (!keep || keep(d))) {
            out.report(finding(d.loc, d.message, d.notes));
        }
    }
}

Finding finding(core::SourceLoc loc, std::string message, std::vector<std::string> notes) {
    Finding f;
    f.loc = std::move(loc);
    f.message = std::move(message);
    f.notes = std::move(notes);
    return f;
}

bool is_yaml(std::string_view path) {
    auto ends = [&](std::string_view s) { return path.size() >= s.size() && path.substr(path.size() - s.size()) == s; };
    return ends(".yml") || ends(".yaml");
}

const core::Model* model_of(const Context& ctx, graph::NodeId id) {
    const graph::Node& n = ctx.graph().node(id);
    if (!is_model_node(n) || n.index >= ctx.project().models.size()) {
        return nullptr;
    }
    return &ctx.project().models[n.index];
}

bool is_model_node(const graph::Node& n) {
    return n.type == graph::NodeType::Model || n.type == graph::NodeType::Snapshot;
}

std::vector<std::pair<graph::NodeId, long long>> models_over_degree(const graph::Graph& g, bool upstream,
                                                                     long long limit) {
    std::vector<std::pair<graph::NodeId, long long>> out;
    for (graph::NodeId id = 0; id < g.size(); ++id) {
        if (!is_model_node(g.node(id))) {
            continue;
        }
        long long count = 0;
        for (graph::NodeId other : upstream ? g.parents(id) : g.children(id)) {
            auto t = g.node(other).type;
            count += is_model_node(g.node(other)) || t == graph::NodeType::Source || t == graph::NodeType::Seed;
        }
        if (count > limit) {
            out.emplace_back(id, count);
        }
    }
    return out;
}

bool in_layer(const graph::Node& n, const std::vector<std::string>& folders, const std::vector<std::string>& prefixes) {
    for (const auto& f : folders) {
        std::string seg = "/" + f + "/";
        if (("/" + n.path).find(seg) != std::string::npos) {
            return true;
        }
    }
    for (const auto& p : prefixes) {
        if (n.name.rfind(p, 0) == 0) {
            return true;
        }
    }
    return false;
}

void DiagnosticRule::check_project(const Context& ctx, const RuleOptions&, Reporter& out) const {
    for (const auto& d : ctx.diagnostics()) {
        if (std::find(m_codes.begin(), m_codes.end(), d.code) != m_codes.end() && (!m_keep || m_keep(ctx, d))) {
            out.report(finding(d.loc, d.message, d.notes));
        }
    }
}

RuleInfo rule_info(std::string code, std::string name, Family family, core::Severity severity, std::string summary,
                   std::string anti_pattern, std::string best_practice, std::vector<OptionSpec> options) {
    RuleInfo i;
    i.code = std::move(code);
    i.name = std::move(name);
    i.family = family;
    i.default_severity = severity;
    i.summary = std::move(summary);
    i.anti_pattern = std::move(anti_pattern);
    i.best_practice = std::move(best_practice);
    i.options = std::move(options);
    return i;
}

} // namespace dpipe::lint
