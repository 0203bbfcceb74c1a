// Reads the lint configuration with locations. The loader already merged it into
// Project::lint (and checked it against the schema), but without locations, so the two files
// that can hold it are parsed again here; that is cheap and keeps lib/load unchanged.

#include "lint/config.hpp"

#include "load/document.hpp"
#include "util/strings.hpp"

namespace dpipe::lint {

namespace {

const char* const k_code = "LN001";

std::string type_name(const core::Json& v) {
    if (v.is_boolean()) {
        return "a boolean";
    }
    if (v.is_number_integer()) {
        return "an integer";
    }
    if (v.is_number()) {
        return "a number";
    }
    if (v.is_string()) {
        return "a string";
    }
    if (v.is_array()) {
        return "a list";
    }
    if (v.is_object()) {
        return "a mapping";
    }
    return "null";
}

bool same_type(const core::Json& want, const core::Json& got) {
    if (want.is_boolean()) {
        return got.is_boolean();
    }
    if (want.is_number_integer()) {
        return got.is_number_integer();
    }
    if (want.is_number()) {
        return got.is_number();
    }
    if (want.is_string()) {
        return got.is_string();
    }
    if (want.is_array()) {
        if (!got.is_array()) {
            return false;
        }
        for (const auto& item : got) {
            if (!item.is_string()) {
                return false;
            }
        }
        return true;
    }
    return true;
}

class Reader {
public:
    Reader(LintConfig& cfg, std::vector<core::Diagnostic>& errors) : m_cfg(cfg), m_errors(errors) {}

    void apply(const load::Node& lint) {
        if (!lint.is_object()) {
            return;
        }
        lint["rules"].each_member([&](std::string_view key, const load::Node& value) { rule(key, value); });
        globs(lint["include"], m_cfg.include);
        globs(lint["exclude"], m_cfg.exclude);
    }

private:
    void error(const core::SourceLoc& loc, std::string message) {
        m_errors.push_back({core::Severity::Error, k_code, loc, std::move(message), {}});
    }

    void globs(const load::Node& list, std::vector<std::string>& out) {
        if (!list.exists()) {
            return;
        }
        if (!list.is_array()) {
            error(list.loc(), "lint: expected a list of path globs, found " + type_name(list.json()));
            return;
        }
        for (std::size_t i = 0; i < list.size(); ++i) {
            if (!list[i]->is_string()) {
                error(list[i].loc(), "lint: expected a path glob (a string), found " + type_name(list[i].json()));
                continue;
            }
            out.push_back(list[i]->get<std::string>());
        }
    }

    void rule(std::string_view key, const load::Node& value) {
        const Rule* r = find_rule(key);
        if (r == nullptr) {
            std::vector<std::string> names;
            for (const auto& each : all_rules()) {
                names.push_back(each->info().code);
                names.push_back(each->info().name);
            }
            std::string msg = "lint: unknown rule '" + std::string(key) + "'";
            std::string hint = util::closest_match(key, names);
            if (!hint.empty()) {
                msg += ", did you mean '" + hint + "'?";
            }
            error(value.key_loc(), msg);
            return;
        }
        std::size_t index = 0;
        while (all_rules()[index].get() != r) {
            ++index;
        }
        RuleSetting& s = m_cfg.rules[index];
        const RuleInfo& info = r->info();
        if (!value.is_object()) {
            if (!parse_severity(value.json(), s.enabled, s.severity)) {
                error(value.loc(), "lint: " + info.code + ": expected off, on, info, warning or error, found " +
                                       (value->is_string() ? "'" + value->get<std::string>() + "'" : type_name(value.json())));
            }
            return;
        }
        s.enabled = true;
        value.each_member([&](std::string_view name, const load::Node& v) {
            if (name == "severity" || name == "enabled") {
                bool enabled = s.enabled;
                core::Severity sev = s.severity;
                if (!parse_severity(v.json(), enabled, sev) || (name == "enabled" && !v->is_boolean())) {
                    error(v.loc(), "lint: " + info.code + ": " + std::string(name) +
                                       (name == "enabled" ? " must be true or false"
                                                          : " must be off, on, info, warning or error"));
                    return;
                }
                s.enabled = enabled;
                s.severity = name == "severity" ? sev : s.severity;
                return;
            }
            const OptionSpec* spec = nullptr;
            std::vector<std::string> known{"severity", "enabled"};
            for (const auto& o : info.options) {
                known.push_back(o.name);
                if (o.name == name) {
                    spec = &o;
                }
            }
            if (spec == nullptr) {
                std::string msg = "lint: " + info.code + " (" + info.name + ") has no option '" + std::string(name) + "'";
                std::string hint = util::closest_match(name, known);
                msg += hint.empty() ? "; its options: " + util::join(known, ", ") : ", did you mean '" + hint + "'?";
                error(v.key_loc(), msg);
                return;
            }
            if (!same_type(spec->default_value, v.json())) {
                error(v.loc(), "lint: " + info.code + " option '" + spec->name + "' must be " +
                                   (spec->default_value.is_array() ? std::string("a list of strings")
                                                                   : type_name(spec->default_value)) +
                                   ", found " + type_name(v.json()));
                return;
            }
            s.options[spec->name] = v.json();
        });
    }

    LintConfig& m_cfg;
    std::vector<core::Diagnostic>& m_errors;
};

} // namespace

bool parse_severity(const core::Json& value, bool& enabled, core::Severity& severity) {
    if (value.is_boolean()) {
        enabled = value.get<bool>();
        return true;
    }
    if (!value.is_string()) {
        return false;
    }
    std::string word = util::to_lower(value.get<std::string>());
    if (word == "off") {
        enabled = false;
    } else if (word == "on") {
        enabled = true;
    } else if (word == "info") {
        enabled = true;
        severity = core::Severity::Info;
    } else if (word == "warning" || word == "warn") {
        enabled = true;
        severity = core::Severity::Warning;
    } else if (word == "error") {
        enabled = true;
        severity = core::Severity::Error;
    } else {
        return false;
    }
    return true;
}

LintConfig read_config(const core::Project& project, std::vector<core::Diagnostic>& errors) {
    LintConfig cfg;
    for (const auto& r : all_rules()) {
        const RuleInfo& info = r->info();
        RuleSetting s;
        s.enabled = info.default_enabled;
        s.severity = info.default_severity;
        for (const auto& o : info.options) {
            s.options[o.name] = o.default_value;
        }
        cfg.rules.push_back(std::move(s));
    }
    Reader reader(cfg, errors);
    load::Limits limits;
    if (project.has_dpipe_yaml) {
        std::string_view text = project.sources_text->get("dpipe.yaml");
        if (auto doc = load::parse_yaml(text, "dpipe.yaml", limits); doc) {
            reader.apply(doc->node()["lint"]);
        }
    }
    std::string_view toml = project.sources_text->get(".dpipe.toml");
    if (!toml.empty()) {
        if (auto doc = load::parse_toml(toml, ".dpipe.toml", limits); doc) {
            reader.apply(doc->node()["lint"]);
        }
    }
    return cfg;
}

} // namespace dpipe::lint
