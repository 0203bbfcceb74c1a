// SARIF 2.1.0 and GitHub workflow commands for `dpipe lint`.

#include "report/lint_report.hpp"

#include "lint/registry.hpp"
#include "util/hash.hpp"
#include "util/strings.hpp"

#include <map>
#include <set>

namespace dpipe::report {

namespace {

// A relative URI reference for a project path: unreserved bytes and '/' kept, the rest %XX.
std::string uri_path(std::string_view path) {
    static const char* k_hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : path) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += k_hex[c >> 4];
            out += k_hex[c & 15];
        }
    }
    return out;
}

const char* sarif_level(core::Severity s) {
    switch (s) {
    case core::Severity::Error: return "error";
    case core::Severity::Warning: return "warning";
    case core::Severity::Info: return "note";
    }
    return "warning";
}

std::string full_message(const lint::Finding& f) {
    std::string m = f.message;
    for (const auto& n : f.notes) {
        m += "\n" + n;
    }
    return m;
}

// GitHub's escaping of workflow command data, and of property values (also ':' and ',').
std::string escape_data(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '%': out += "%25"; break;
        case '\r': out += "%0D"; break;
        case '\n': out += "%0A"; break;
        default: out += c;
        }
    }
    return out;
}

std::string escape_property(std::string_view s) {
    std::string out;
    for (char c : escape_data(s)) {
        if (c == ':') {
            out += "%3A";
        } else if (c == ',') {
            out += "%2C";
        } else {
            out += c;
        }
    }
    return out;
}

std::string md_cell(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '|') {
            out += "\\|";
        } else if (c == '\n') {
            out += "<br>";
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace

std::string lint_sarif(const lint::LintResult& r, const core::SourceRegistry* sources, const std::string& version,
                       const std::string& rules_uri) {
    // The rules that ran or reported, in code order, with their index for ruleIndex.
    std::set<std::string> codes;
    for (const auto& f : r.findings) {
        codes.insert(f.code);
    }
    for (const auto& c : r.rule_codes) {
        codes.insert(c);
    }
    core::Json rules = core::Json::array();
    std::map<std::string, std::size_t> index;
    for (const auto& rule : lint::all_rules()) {
        const lint::RuleInfo& i = rule->info();
        if (codes.count(i.code) == 0) {
            continue;
        }
        index[i.code] = rules.size();
        core::Json j = core::Json::object();
        j["id"] = i.code;
        j["name"] = i.name;
        j["shortDescription"] = {{"text", i.summary}};
        j["fullDescription"] = {{"text", i.summary + "."}};
        std::string help = "## Anti-pattern\n\n" + i.anti_pattern + "\n\n## Best practice\n\n" + i.best_practice;
        j["help"] = {{"text", i.summary + ". See " + rules_uri + i.code + ".md"}, {"markdown", help}};
        j["helpUri"] = rules_uri + i.code + ".md";
        j["defaultConfiguration"] = {{"level", sarif_level(i.default_severity)}, {"enabled", i.default_enabled}};
        j["properties"] = {{"tags", core::Json::array({lint::family_name(i.family)})}};
        rules.push_back(std::move(j));
    }
    core::Json results = core::Json::array();
    std::map<std::string, int> seen; // fingerprint base -> occurrences so far
    for (const auto& f : r.findings) {
        core::Json j = core::Json::object();
        j["ruleId"] = f.code;
        if (auto it = index.find(f.code); it != index.end()) {
            j["ruleIndex"] = it->second;
        }
        j["level"] = sarif_level(f.severity);
        j["message"] = {{"text", full_message(f.finding)}};
        const core::SourceLoc& loc = f.finding.loc;
        if (!loc.file.empty()) {
            core::Json phys = core::Json::object();
            phys["artifactLocation"] = {{"uri", uri_path(loc.file)}};
            if (loc.line > 0) {
                core::Json region = {{"startLine", loc.line}};
                if (loc.col > 0) {
                    region["startColumn"] = loc.col;
                }
                phys["region"] = std::move(region);
            }
            j["locations"] = core::Json::array({{{"physicalLocation", phys}}});
        }
        // Stable across unrelated edits: the rule, the file, the message and the text of the line
        // (not its number), plus which occurrence of that combination it is.
        std::string line_text;
        if (sources != nullptr && loc.line > 0) {
            line_text = std::string(util::trim(util::line_at(sources->get(loc.file), loc.line)));
        }
        std::string base = util::sha256_hex(f.code + '\0' + loc.file + '\0' + f.finding.message + '\0' + line_text).substr(0, 32);
        int occurrence = ++seen[base];
        j["partialFingerprints"] = {{"dpipeFindingHash/v1", base + ":" + std::to_string(occurrence)}};
        results.push_back(std::move(j));
    }
    core::Json driver = core::Json::object();
    driver["name"] = "dpipe";
    driver["version"] = version;
    driver["informationUri"] = rules_uri;
    driver["rules"] = std::move(rules);
    core::Json run = core::Json::object();
    run["tool"] = {{"driver", std::move(driver)}};
    run["columnKind"] = "utf16CodeUnits";
    run["results"] = std::move(results);
    core::Json doc = core::Json::object();
    doc["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
    doc["version"] = "2.1.0";
    doc["runs"] = core::Json::array({std::move(run)});
    return doc.dump(2) + "\n";
}

GithubOutput lint_github(const lint::LintResult& r) {
    GithubOutput out;
    std::map<std::string, std::size_t> shown;
    std::size_t rest = 0;
    std::size_t errors = 0;
    std::size_t warnings = 0;
    std::size_t infos = 0;
    std::map<std::string, std::size_t> by_rule;
    for (const auto& f : r.findings) {
        const char* kind = f.severity == core::Severity::Error     ? "error"
                           : f.severity == core::Severity::Warning ? "warning"
                                                                   : "notice";
        errors += f.severity == core::Severity::Error;
        warnings += f.severity == core::Severity::Warning;
        infos += f.severity == core::Severity::Info;
        ++by_rule[f.code + " " + f.rule_name];
        if (shown[kind] >= k_github_annotations) {
            ++rest;
            continue;
        }
        ++shown[kind];
        std::string props;
        const core::SourceLoc& loc = f.finding.loc;
        if (!loc.file.empty()) {
            props += "file=" + escape_property(loc.file);
            if (loc.line > 0) {
                props += ",line=" + std::to_string(loc.line);
                if (loc.col > 0) {
                    props += ",col=" + std::to_string(loc.col);
                }
            }
            props += ",";
        }
        props += "title=" + escape_property(f.code + " " + f.rule_name);
        out.commands += std::string("::") + kind + " " + props + "::" + escape_data(full_message(f.finding)) + "\n";
    }
    if (rest > 0) {
        out.commands += "dpipe lint: " + std::to_string(rest) + " more finding" + (rest == 1 ? "" : "s") +
                        " not annotated (GitHub shows " + std::to_string(k_github_annotations) +
                        " of each kind per step); all are in the step summary\n";
    }
    std::string& md = out.summary;
    md += "## dpipe lint\n\n";
    if (r.findings.empty()) {
        md += "No findings in " + std::to_string(r.files) + " files (" + std::to_string(r.rules) + " rules).\n";
        return out;
    }
    md += "| errors | warnings | info | suppressed |\n| ---: | ---: | ---: | ---: |\n";
    md += "| " + std::to_string(errors) + " | " + std::to_string(warnings) + " | " + std::to_string(infos) + " | " +
          std::to_string(r.suppressed) + " |\n\n";
    md += "| rule | findings |\n| --- | ---: |\n";
    for (const auto& [rule, n] : by_rule) {
        md += "| " + md_cell(rule) + " | " + std::to_string(n) + " |\n";
    }
    constexpr std::size_t k_rows = 200;
    md += "\n| location | severity | rule | message |\n| --- | --- | --- | --- |\n";
    std::size_t rows = 0;
    for (const auto& f : r.findings) {
        if (rows++ == k_rows) {
            md += "\n" + std::to_string(r.findings.size() - k_rows) + " more findings: run `dpipe lint` to see them all.\n";
            break;
        }
        md += "| `" + md_cell(f.finding.loc.str()) + "` | " + core::severity_name(f.severity) + " | " + f.code + " | " +
              md_cell(f.finding.message) + " |\n";
    }
    return out;
}

} // namespace dpipe::report
