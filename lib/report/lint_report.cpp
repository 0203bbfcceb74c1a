// Text, JSON and rule documentation of `dpipe lint`. SARIF and GitHub: lint_sarif.cpp.

#include "report/lint_report.hpp"

#include "lint/registry.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

namespace dpipe::report {

namespace {

struct Counts {
    std::size_t errors = 0;
    std::size_t warnings = 0;
    std::size_t infos = 0;
    std::map<std::string, std::size_t> by_rule; // "CODE name" -> count
};

Counts count(const lint::LintResult& r) {
    Counts c;
    for (const auto& f : r.findings) {
        switch (f.severity) {
        case core::Severity::Error: ++c.errors; break;
        case core::Severity::Warning: ++c.warnings; break;
        case core::Severity::Info: ++c.infos; break;
        }
        ++c.by_rule[f.code + " " + f.rule_name];
    }
    return c;
}

std::string plural(std::size_t n, const std::string& word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

} // namespace

std::string lint_text(const lint::LintResult& r, const core::SourceRegistry* sources, const TextStyle& style) {
    std::string out;
    for (const auto& f : r.findings) {
        core::Diagnostic d{f.severity, f.code, f.finding.loc, f.finding.message, f.finding.notes};
        if (!f.finding.fix.empty()) {
            d.notes.push_back("fixable with dpipe lint --fix");
        }
        out += render_diagnostic(d, sources, style);
    }
    Counts c = count(r);
    std::string scope = plural(r.files, "file");
    if (r.findings.empty()) {
        out += "dpipe lint: no findings (" + scope + (r.suppressed ? ", " + std::to_string(r.suppressed) + " suppressed" : "") + ")\n";
        return out;
    }
    std::vector<std::string> parts;
    if (c.errors) {
        parts.push_back(plural(c.errors, "error"));
    }
    if (c.warnings) {
        parts.push_back(plural(c.warnings, "warning"));
    }
    if (c.infos) {
        parts.push_back(std::to_string(c.infos) + " info");
    }
    std::string line = "dpipe lint: " + plural(r.findings.size(), "finding") + " (";
    for (std::size_t i = 0; i < parts.size(); ++i) {
        line += (i ? ", " : "") + parts[i];
    }
    line += ") in " + scope;
    if (r.suppressed) {
        line += ", " + std::to_string(r.suppressed) + " suppressed";
    }
    out += line + "\n";
    std::size_t width = 0;
    for (const auto& [rule, n] : c.by_rule) {
        width = std::max(width, std::to_string(n).size());
    }
    for (const auto& [rule, n] : c.by_rule) {
        std::string count = std::to_string(n);
        out += std::string(2 + width - count.size(), ' ') + count + "  " + rule + "\n";
    }
    return out;
}

std::string lint_json(const lint::LintResult& r) {
    core::Json doc = core::Json::object();
    doc["version"] = 1;
    Counts c = count(r);
    core::Json by_rule = core::Json::object();
    for (const auto& f : r.findings) {
        by_rule[f.code] = by_rule.value(f.code, 0) + 1;
    }
    doc["summary"] = {{"files", r.files},         {"rules", r.rules},          {"findings", r.findings.size()},
                      {"errors", c.errors},       {"warnings", c.warnings},    {"infos", c.infos},
                      {"suppressed", r.suppressed}, {"by_rule", by_rule}};
    core::Json list = core::Json::array();
    for (const auto& f : r.findings) {
        core::Json j = core::Json::object();
        j["code"] = f.code;
        j["rule"] = f.rule_name;
        j["severity"] = core::severity_name(f.severity);
        j["file"] = f.finding.loc.file;
        j["line"] = f.finding.loc.line;
        j["column"] = f.finding.loc.col;
        j["message"] = f.finding.message;
        j["notes"] = f.finding.notes;
        j["fixable"] = !f.finding.fix.empty();
        list.push_back(std::move(j));
    }
    doc["findings"] = std::move(list);
    return doc.dump(2) + "\n";
}

std::string lint_fix_text(const lint::FixReport& fixes) {
    std::string out;
    for (const auto& f : fixes.files) {
        std::string codes;
        for (const auto& c : f.codes) {
            codes += (codes.empty() ? "" : ", ") + c;
        }
        out += "dpipe lint: fixed " + plural(f.findings, "finding") + " in " + f.path + " (" + codes + ")\n";
    }
    for (const auto& e : fixes.errors) {
        out += "dpipe lint: error: not fixed: " + e + "\n";
    }
    return out;
}

std::string lint_rules_text() {
    std::string out;
    for (const auto& rule : lint::all_rules()) {
        const lint::RuleInfo& i = rule->info();
        std::string name = i.name;
        name.resize(std::max<std::size_t>(name.size(), 30), ' ');
        std::string sev = i.default_enabled ? core::severity_name(i.default_severity) : "off";
        sev.resize(std::max<std::size_t>(sev.size(), 8), ' ');
        out += i.code + "  " + name + "  " + sev + (i.has_fix ? "  fix  " : "       ") + i.summary + "\n";
    }
    return out;
}

std::string lint_rule_doc(const lint::RuleInfo& i) {
    std::string out = "# " + i.code + " " + i.name + "\n\n";
    out += i.summary + ".\n\n";
    out += "| | |\n| --- | --- |\n";
    out += std::string("| family | ") + lint::family_name(i.family) + " |\n";
    out += std::string("| default | ") + (i.default_enabled ? core::severity_name(i.default_severity) : "off") + " |\n";
    out += std::string("| safe fix | ") + (i.has_fix ? "yes (`dpipe lint --fix`)" : "no") + " |\n\n";
    out += "## Anti-pattern\n\n" + i.anti_pattern + "\n\n";
    out += "## Best practice\n\n" + i.best_practice + "\n\n";
    out += "## Configuration\n\n";
    out += "```yaml\nlint:\n  rules:\n    " + i.code + ": " +
           (i.default_enabled ? "off            # or info, warning, error" : "warning        # off by default") + "\n```\n";
    if (!i.options.empty()) {
        out += "\nOptions (`" + i.code + ": { severity: warning, <option>: <value> }`):\n\n";
        out += "| option | default | meaning |\n| --- | --- | --- |\n";
        for (const auto& o : i.options) {
            out += "| `" + o.name + "` | `" + o.default_value.dump() + "` | " + o.help + " |\n";
        }
    }
    out += "\nSuppress one finding with `-- dpipe:ignore " + i.code + "` on its line or the line above " +
           "(`# dpipe:ignore " + i.code + "` in YAML), or a whole file with `-- dpipe:ignore-file " + i.code + "`.\n";
    return out;
}

std::string lint_rules_index() {
    std::string out = "# Lint rules\n\nGenerated from the rule registry by `dpipe lint --rule-docs docs/rules`; "
                      "do not edit by hand. See [the lint command](../commands.md#dpipe-lint) for configuration.\n\n";
    out += "| code | name | default | fix | finds |\n| --- | --- | --- | --- | --- |\n";
    for (const auto& rule : lint::all_rules()) {
        const lint::RuleInfo& i = rule->info();
        out += "| [" + i.code + "](" + i.code + ".md) | " + i.name + " | " +
               (i.default_enabled ? core::severity_name(i.default_severity) : "off") + " | " + (i.has_fix ? "yes" : "") +
               " | " + i.summary + " |\n";
    }
    return out;
}

} // namespace dpipe::report
