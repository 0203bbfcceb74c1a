// GV001 model-without-owner: a model nobody owns (meta.owner, defaults.owner, group or CODEOWNERS).

#include "lint/glob.hpp"
#include "lint/helpers.hpp"
#include "lint/rules/governance/rules.hpp"
#include "util/strings.hpp"

namespace dpipe::lint {

namespace {

// The patterns of a CODEOWNERS file that name at least one owner.
std::vector<std::string> codeowner_patterns(std::string_view text) {
    std::vector<std::string> out;
    for (auto line : util::split(text, '\n')) {
        line = util::trim(line);
        if (line.empty() || line.front() == '#') {
            continue;
        }
        std::size_t sp = line.find_first_of(" \t");
        if (sp == std::string_view::npos) {
            continue; // a pattern without owners un-assigns
        }
        out.emplace_back(line.substr(0, sp));
    }
    return out;
}

// gitignore-style: "/x" anchored at the root, "x/" a folder, a pattern without '/' anywhere.
bool codeowner_match(std::string pattern, const std::string& path) {
    if (pattern == "*") {
        return true;
    }
    bool anchored = pattern.front() == '/';
    if (anchored) {
        pattern.erase(0, 1);
    }
    if (!pattern.empty() && pattern.back() == '/') {
        pattern.pop_back();
    }
    if (!anchored && pattern.find('/') == std::string::npos) {
        pattern = "**/" + pattern;
    }
    return glob_match(pattern, path);
}

class ModelWithoutOwner : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = rule_info(
            "GV001", "model-without-owner", Family::Governance, core::Severity::Warning,
            "A model has no owner: no meta.owner, no defaults.owner, no group and no CODEOWNERS entry",
            "When a model breaks or its data is wrong, nobody is paged and `dpipe plan` has no one to notify.",
            "Name an owner in the model's properties, for a whole project in dpipe.yaml, or in CODEOWNERS:\n\n"
            "```yaml\nmodels:\n  - name: fct_orders\n    meta:\n      owner: \"@acme/data\"\n```");
        return k_info;
    }

    void check_project(const Context& ctx, const RuleOptions&, Reporter& out) const override {
        std::vector<std::string> patterns;
        for (const char* f : {"CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS"}) {
            auto more = codeowner_patterns(ctx.file_text(f));
            patterns.insert(patterns.end(), more.begin(), more.end());
        }
        for (const auto& m : ctx.project().models) {
            if (!m.enabled() || !m.owner.empty() || m.config.contains("group")) {
                continue;
            }
            bool covered = false;
            for (const auto& p : patterns) {
                covered = covered || codeowner_match(p, m.path);
            }
            if (!covered) {
                out.report(finding(m.properties_loc.valid() ? m.properties_loc : core::SourceLoc{m.path, 1, 1},
                                   "model '" + m.name + "' has no owner"));
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_gv001_model_without_owner() { return std::make_unique<ModelWithoutOwner>(); }

} // namespace dpipe::lint
