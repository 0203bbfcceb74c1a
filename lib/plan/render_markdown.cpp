#include "plan/render.hpp"

#include "util/embedded.hpp"
#include "util/strings.hpp"

#include <kainjow/mustache.hpp>

#include <map>
#include <set>

namespace dpipe::plan {

namespace templates {
const std::vector<util::EmbeddedFile>& files(); // generated from templates/comment/
}

namespace {

namespace mu = kainjow::mustache;

// What may be left out, least important first.
enum Cut : unsigned {
    k_cut_impacted = 1u << 0,
    k_cut_other = 1u << 1,
    k_cut_mermaid = 1u << 2,
    k_cut_test_list = 1u << 3,
    k_cut_owner_reasons = 1u << 4,
    k_cut_readers = 1u << 5,
    k_cut_downstream = 1u << 6,
};
constexpr std::pair<unsigned, const char*> k_cuts[] = {
    {k_cut_impacted, "the list of impacted nodes"},
    {k_cut_other, "the non-breaking and metadata-only changes"},
    {k_cut_mermaid, "the picture"},
    {k_cut_test_list, "the list of tests"},
    {k_cut_owner_reasons, "why each owner is notified"},
    {k_cut_readers, "the readers of each column"},
    {k_cut_downstream, "the downstream of each breaking change"},
};

// Table cells and inline text: no line breaks, no cell separators.
std::string cell(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '|') {
            out += "\\|";
        } else if (c == '\n' || c == '\r') {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

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

std::string mention(const std::string& who) {
    return who;
}

// Mermaid ids are positions; labels lose what Mermaid would read as syntax.
std::string mermaid(const Plan& plan, std::string& note) {
    struct Shown {
        std::string uid;
        std::string cls;
        std::string label;
    };
    std::vector<Shown> nodes;
    std::set<std::string> seen;
    for (const auto& c : plan.changes) {
        if (seen.insert(c.unique_id).second) {
            nodes.push_back({c.unique_id,
                             c.classification == Classification::Breaking ? "breaking" : "changed",
                             c.type + " " + c.name});
        }
    }
    for (const auto& n : plan.impacted) {
        if (seen.insert(n.unique_id).second) {
            nodes.push_back({n.unique_id, "impacted", n.type + " " + n.name});
        }
    }
    if (nodes.size() > k_mermaid_max_nodes) {
        note = "Showing " + std::to_string(k_mermaid_max_nodes) + " of " +
               std::to_string(nodes.size()) + " nodes (changes first, then the nearest impacted).";
        nodes.resize(k_mermaid_max_nodes);
    }
    std::map<std::string, std::size_t> index;
    std::string out = "graph LR\n";
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        index[nodes[i].uid] = i;
        std::string label;
        for (char c : nodes[i].label) {
            label +=
                (c == '"' || c == '[' || c == ']' || c == '<' || c == '>' || c == '`') ? '_' : c;
        }
        out += "  n" + std::to_string(i) + "[\"" + label + "\"]:::" + nodes[i].cls + "\n";
    }
    for (const auto& [from, to] : plan.edges) {
        auto a = index.find(from);
        auto b = index.find(to);
        if (a != index.end() && b != index.end()) {
            out += "  n" + std::to_string(a->second) + " --> n" + std::to_string(b->second) + "\n";
        }
    }
    out += "  classDef breaking fill:#fdd,stroke:#c00\n";
    out += "  classDef changed fill:#ffd,stroke:#aa0\n";
    out += "  classDef impacted fill:#eef,stroke:#66a";
    return out;
}

mu::data build(const Plan& plan, unsigned cut, const std::vector<std::string>& cut_names) {
    mu::data d;
    d.set("marker", k_comment_marker);
    d.set("base_ref", cell(plan.base_ref));
    d.set("base_short", plan.base_commit.substr(0, 7));
    d.set("head_label", plan.working_tree ? std::string("working tree")
                                          : "`" + cell(plan.head_ref) + "` (`" +
                                                plan.head_commit.substr(0, 7) + "`)");
    d.set("no_changes", plan.changes.empty());
    d.set("has_changes", !plan.changes.empty());
    d.set("has_without_effect", !plan.files_without_effect.empty());
    d.set("without_effect", util::join(plan.files_without_effect, ", "));
    d.set("breaking_count", std::to_string(plan.count(Classification::Breaking)));
    d.set("non_breaking_count", std::to_string(plan.count(Classification::NonBreaking)));
    d.set("metadata_count", std::to_string(plan.count(Classification::Metadata)));
    d.set("impacted_count", std::to_string(plan.impacted.size()));
    d.set("tests_count", std::to_string(plan.tests.size()));
    d.set("added", std::to_string(plan.count(ChangeKind::Added)));
    d.set("modified", std::to_string(plan.count(ChangeKind::Modified)));
    d.set("removed", std::to_string(plan.count(ChangeKind::Removed)));
    d.set("moved", std::to_string(plan.count(ChangeKind::Moved)));
    d.set("files_changed", std::to_string(plan.files_changed));

    mu::list breaking;
    mu::list other;
    for (const auto& c : plan.changes) {
        mu::data item;
        item.set("symbol", symbol(c.kind));
        item.set("type", c.type);
        item.set("name", cell(c.name));
        item.set("path", cell(c.path));
        item.set("reason", cell(c.reason));
        item.set("classification",
                 c.classification == Classification::Metadata ? "metadata-only" : "non-breaking");
        if (c.classification == Classification::Breaking) {
            mu::list columns;
            for (const auto& col : c.columns) {
                if (col.change == "added") {
                    continue;
                }
                mu::data cd;
                cd.set("column", cell(col.column));
                cd.set("change_text", col.change == "renamed"
                                          ? "renamed to `" + cell(col.new_name) + "`"
                                          : col.change);
                bool readers = !col.read_by.empty() && (cut & k_cut_readers) == 0;
                cd.set("has_readers", readers);
                cd.set("readers", cell(util::join(col.read_by, ", ")));
                columns.push_back(cd);
            }
            item.set("columns", columns);
            std::vector<std::string> down;
            for (const auto& n : c.downstream) {
                if (down.size() == 10) {
                    down.push_back("and " + std::to_string(c.downstream.size() - 10) + " more");
                    break;
                }
                down.push_back(n.type + " `" + cell(n.name) + "` (" + std::to_string(n.distance) +
                               ")");
            }
            item.set("has_downstream", !down.empty() && (cut & k_cut_downstream) == 0);
            item.set("downstream", util::join(down, ", "));
            breaking.push_back(item);
        } else {
            other.push_back(item);
        }
    }
    d.set("has_breaking", !breaking.empty());
    d.set("breaking", breaking);
    d.set("has_other", !other.empty() && (cut & k_cut_other) == 0);
    d.set("other_count", std::to_string(other.size()));
    d.set("other", other);

    mu::list exposures;
    for (const auto& e : plan.exposures) {
        mu::data item;
        item.set("name", cell(e.name));
        item.set("distance", std::to_string(e.distance));
        item.set("owner", cell(e.owner));
        exposures.push_back(item);
    }
    d.set("has_exposures", !exposures.empty());
    d.set("exposures", exposures);

    mu::list owners;
    std::vector<std::string> mentions;
    for (const auto& o : plan.owners) {
        mu::data item;
        item.set("who", cell(mention(o.who)));
        item.set("why", cell(util::join(o.why, "; ")));
        owners.push_back(item);
        mentions.push_back(cell(mention(o.who)));
    }
    d.set("has_owners", !owners.empty());
    d.set("has_owner_reasons", !owners.empty() && (cut & k_cut_owner_reasons) == 0);
    d.set("mentions", util::join(mentions, " "));
    d.set("owners", owners);

    mu::list tests;
    for (const auto& t : plan.tests) {
        mu::data item;
        item.set("name", cell(t.name));
        tests.push_back(item);
    }
    d.set("has_tests", !tests.empty() || !plan.selector.empty());
    d.set("has_test_list", !tests.empty() && (cut & k_cut_test_list) == 0);
    d.set("tests", tests);
    d.set("has_selector", !plan.selector.empty());
    d.set("selector", cell(plan.selector));

    std::string note;
    std::string picture = mermaid(plan, note);
    d.set("has_mermaid",
          !plan.changes.empty() && !plan.impacted.empty() && (cut & k_cut_mermaid) == 0);
    d.set("mermaid", picture);
    d.set("has_mermaid_note", !note.empty());
    d.set("mermaid_note", note);

    mu::list impacted;
    for (const auto& n : plan.impacted) {
        mu::data item;
        item.set("name", cell(n.name));
        item.set("type", n.type);
        item.set("distance", std::to_string(n.distance));
        item.set("owner", cell(n.owner));
        impacted.push_back(item);
    }
    d.set("has_impacted", !impacted.empty() && (cut & k_cut_impacted) == 0);
    d.set("impacted", impacted);

    d.set("has_cut", !cut_names.empty());
    d.set("cut", util::join(cut_names, ", "));
    return d;
}

} // namespace

const std::string& default_template() {
    static const std::string k_text = [] {
        for (const auto& f : templates::files()) {
            if (f.path == "plan.md.mustache") {
                return std::string(f.content);
            }
        }
        return std::string();
    }();
    return k_text;
}

util::Result<MarkdownResult, TemplateError> render_markdown(const Plan& plan,
                                                            const MarkdownOptions& options) {
    mu::mustache tmpl(options.template_text.empty() ? default_template() : options.template_text);
    if (!tmpl.is_valid()) {
        return util::unexpected(
            TemplateError{"the comment template cannot be read: " + tmpl.error_message()});
    }
    MarkdownResult result;
    unsigned cut = 0;
    std::vector<std::string> names;
    for (std::size_t level = 0;; ++level) {
        std::string text = tmpl.render(build(plan, cut, names));
        if (!tmpl.is_valid()) {
            return util::unexpected(
                TemplateError{"the comment template failed: " + tmpl.error_message()});
        }
        // Sections that render nothing leave blank lines behind: at most one in a row.
        for (std::size_t at = text.find("\n\n\n"); at != std::string::npos;
             at = text.find("\n\n\n", at)) {
            text.erase(at, 1);
        }
        if (text.find(k_comment_marker) == std::string::npos) {
            text = std::string(k_comment_marker) + "\n" + text;
        }
        if (text.size() <= options.budget || level == std::size(k_cuts)) {
            if (text.size() > options.budget) {
                const std::string tail = "\n\n> Truncated to fit a pull request comment.\n";
                std::size_t keep = options.budget > tail.size() ? options.budget - tail.size() : 0;
                // Cut at a line end, never inside a UTF-8 sequence.
                std::size_t nl = text.rfind('\n', keep);
                text = text.substr(0, nl == std::string::npos ? keep : nl) + tail;
                names.push_back("the end of the text");
            }
            result.text = std::move(text);
            result.cut = names;
            return result;
        }
        cut |= k_cuts[level].first;
        names.push_back(k_cuts[level].second);
    }
}

} // namespace dpipe::plan
