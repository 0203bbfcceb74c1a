#pragma once
// Small pieces several rules share: turning the pipeline's diagnostics into findings, and the
// nodes of the graph by kind.

#include "core/diagnostic.hpp"
#include "lint/context.hpp"
#include "lint/rule.hpp"

#include <functional>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>
#include <string_view>

namespace dpipe::lint {

// Reports every pipeline diagnostic whose code is one of `codes` and that `keep` accepts (all
// when keep is empty), as a finding with the diagnostic's location, message and notes.
void report_diagnostics(const Context& ctx, Reporter& out, std::initializer_list<std::string_view> codes,
                        const std::function<bool(const core::Diagnostic&)>& keep = {});

// A finding at `loc`.
Finding finding(core::SourceLoc loc, std::string message, std::vector<std::string> notes = {});

// True for property files and other YAML.
bool is_yaml(std::string_view path);

// The model of a graph node of type Model or Snapshot.
const core::Model* model_of(const Context& ctx, graph::NodeId id);

// True when the node is a model or snapshot (not a seed, source, test, exposure, pipeline).
bool is_model_node(const graph::Node& n);

// The models with more than `limit` models, sources and seeds among their parents (upstream)
// or children (downstream), each with that number, in node order: fan-in and fan-out.
std::vector<std::pair<graph::NodeId, long long>> models_over_degree(const graph::Graph& g, bool upstream,
                                                                     long long limit);

// True when `path` is below one of `folders` (a folder name anywhere in the path, e.g.
// "staging" matches "models/staging/x.sql") or the file name starts with one of `prefixes`.
bool in_layer(const graph::Node& n, const std::vector<std::string>& folders, const std::vector<std::string>& prefixes);

// A rule whose findings are pipeline diagnostics: those with one of `codes` that `keep`
// accepts (all when keep is empty).
class DiagnosticRule : public Rule {
public:
    using Keep = std::function<bool(const Context&, const core::Diagnostic&)>;
    DiagnosticRule(RuleInfo info, std::vector<std::string> codes, Keep keep = {})
        : m_info(std::move(info)), m_codes(std::move(codes)), m_keep(std::move(keep)) {}
    const RuleInfo& info() const override { return m_info; }
    void check_project(const Context& ctx, const RuleOptions& opts, Reporter& out) const override;

private:
    RuleInfo m_info;
    std::vector<std::string> m_codes;
    Keep m_keep;
};

// RuleInfo in one expression.
RuleInfo rule_info(std::string code, std::string name, Family family, core::Severity severity, std::string summary,
                   std::string anti_pattern, std::string best_practice, std::vector<OptionSpec> options = {});

} // namespace dpipe::lint
