#include "plan/render.hpp"

#include "util/strings.hpp"

#include <map>

namespace dpipe::plan {

namespace {

struct Paint {
    bool on = false;
    std::string operator()(const std::string& text, const char* code) const {
        return on ? std::string("\033[") + code + "m" + text + "\033[0m" : text;
    }
};

const char* symbol(ChangeKind k) {
    switch (k) {
    case ChangeKind::Added:
        return "+";
    case ChangeKind::Removed:
        return "-";
    case ChangeKind::Modified:
        return "~";
    case ChangeKind::Moved:
        return ">";
    }
    return "~";
}

const char* colour(ChangeKind k) {
    switch (k) {
    case ChangeKind::Added:
        return "32";
    case ChangeKind::Removed:
        return "31";
    case ChangeKind::Modified:
        return "33";
    case ChangeKind::Moved:
        return "36";
    }
    return "0";
}

std::string short_id(const std::string& id) {
    return id.size() > 7 ? id.substr(0, 7) : id;
}

std::string count_by_type(const std::vector<ImpactedNode>& nodes) {
    std::map<std::string, std::size_t> by;
    for (const auto& n : nodes) {
        ++by[n.type];
    }
    std::vector<std::string> parts;
    for (const auto& [type, n] : by) {
        parts.push_back(std::to_string(n) + " " + type + (n == 1 ? "" : "s"));
    }
    return util::join(parts, ", ");
}

std::string column_line(const ColumnChange& c) {
    std::string line = "column " + c.column + " " + c.change;
    if (c.change == "renamed") {
        line += " to " + c.new_name;
    }
    if (c.change != "added") {
        line += c.read_by.empty() ? " (nobody downstream reads it)"
                                  : "; read by " + util::join(c.read_by, ", ");
    }
    return line;
}

void section(std::string& out, const Plan& plan, Classification cls, const char* title,
             const Paint& paint) {
    bool any = false;
    for (const auto& c : plan.changes) {
        if (c.classification != cls) {
            continue;
        }
        if (!any) {
            out += "\n" + paint(title, cls == Classification::Breaking ? "1;31" : "1") + "\n";
            any = true;
        }
        out += "  " + paint(symbol(c.kind), colour(c.kind)) + " " + c.type + " " + c.name;
        if (!c.facets.empty()) {
            out += "  [" + util::join(c.facets, ", ") + "]";
        }
        out += "  " + c.path + "\n";
        out += "      " + c.reason + "\n";
        for (const auto& d : c.details) {
            out += "      " + d + "\n";
        }
        for (const auto& col : c.columns) {
            out += "      " + column_line(col) + "\n";
        }
        if (!c.downstream.empty()) {
            std::vector<std::string> near;
            for (const auto& d : c.downstream) {
                if (near.size() == 5) {
                    near.push_back("...");
                    break;
                }
                near.push_back(d.name + " (" + std::to_string(d.distance) + ")");
            }
            out += "      downstream: " + count_by_type(c.downstream) + ": " +
                   util::join(near, ", ") + "\n";
        }
    }
}

std::string names(const std::vector<ImpactedNode>& nodes, bool with_distance) {
    std::vector<std::string> parts;
    for (const auto& n : nodes) {
        parts.push_back(with_distance && n.distance > 0
                            ? n.name + " (" + std::to_string(n.distance) + ")"
                            : n.name);
    }
    return util::join(parts, ", ");
}

} // namespace

std::string render_text(const Plan& plan, const TextOptions& options) {
    Paint paint{options.color};
    std::string out =
        "dpipe plan: " + plan.base_ref + " (merge base " + short_id(plan.base_commit) + ") -> " +
        (plan.working_tree ? std::string("working tree")
                           : plan.head_ref + " (" + short_id(plan.head_commit) + ")") +
        "\n";
    if (plan.changes.empty()) {
        out += "\nNo changes to the project's nodes.";
        if (!plan.files_without_effect.empty()) {
            out += " Edited without effect: " + util::join(plan.files_without_effect, ", ") + ".";
        }
        out += "\n";
        for (const auto& n : plan.notes) {
            out += "note: " + n + "\n";
        }
        return out;
    }
    section(out, plan, Classification::Breaking, "Breaking changes", paint);
    section(out, plan, Classification::NonBreaking, "Non-breaking changes", paint);
    section(out, plan, Classification::Metadata, "Metadata-only changes", paint);
    out += "\n";
    if (!plan.files_without_effect.empty()) {
        out += "Edited without effect (whitespace or comments): " +
               util::join(plan.files_without_effect, ", ") + "\n";
    }
    if (!plan.impacted.empty()) {
        out += "Impacted downstream: " + names(plan.impacted, true) + "\n";
    }
    if (!plan.tests.empty()) {
        out += "Tests to run: " + names(plan.tests, false) + "\n";
    }
    if (!plan.exposures.empty()) {
        out += "Exposures: " + names(plan.exposures, true) + "\n";
    }
    if (!plan.pipelines.empty()) {
        out += "Pipelines: " + names(plan.pipelines, true) + "\n";
    }
    if (!plan.owners.empty()) {
        std::vector<std::string> who;
        for (const auto& o : plan.owners) {
            who.push_back(o.who);
        }
        out += "Owners to notify: " + util::join(who, ", ") + "\n";
    }
    if (!plan.selector.empty()) {
        out += "Select for dpipe test: --select '" + plan.selector + "'\n";
    }
    for (const auto& n : plan.notes) {
        out += "note: " + n + "\n";
    }
    out += "\nPlan: " + std::to_string(plan.count(Classification::Breaking)) + " breaking, " +
           std::to_string(plan.count(Classification::NonBreaking)) + " non-breaking, " +
           std::to_string(plan.count(Classification::Metadata)) + " metadata-only; " +
           std::to_string(plan.count(ChangeKind::Added)) + " to add, " +
           std::to_string(plan.count(ChangeKind::Modified)) + " to change, " +
           std::to_string(plan.count(ChangeKind::Removed)) + " to remove, " +
           std::to_string(plan.count(ChangeKind::Moved)) + " moved; " +
           std::to_string(plan.impacted.size()) + " impacted downstream.\n";
    return out;
}

} // namespace dpipe::plan
