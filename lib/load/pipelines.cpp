// pipelines/*.yaml -> core::Pipeline. The schema checks the shape; this step checks the cron
// schedule, the SLA duration and that steps depend only on earlier steps.

#include "load/load_context.hpp"
#include "load/schedule.hpp"

#include "util/strings.hpp"

#include <algorithm>

namespace dpipe::load {

void apply_pipeline(LoadContext& ctx, const Document& doc, const std::string& stem) {
    if (!doc.root.is_object()) {
        return;
    }
    Node root = doc.node();
    core::Pipeline p;
    p.name = stem;
    p.path = doc.file;
    p.loc = root.loc();
    get_string(ctx, root["name"], p.name);
    if (root["name"].exists()) {
        p.loc = root["name"].loc();
    }
    get_string(ctx, root["description"], p.description);
    get_string(ctx, root["owner"], p.owner);
    if (get_string(ctx, root["schedule"], p.schedule)) {
        std::string why;
        std::size_t offset = 0;
        if (!valid_cron(p.schedule, why, offset)) {
            core::SourceLoc at = root["schedule"].loc();
            // Point into the string when it is written on one line (quotes add one column).
            if (at.line > 0 && offset > 0) {
                at.col += static_cast<int>(offset) + 1;
            }
            ctx.error("LD030", at, "invalid schedule: " + why);
        }
    }
    if (get_string(ctx, root["sla"], p.sla)) {
        std::string why;
        if (!valid_duration(p.sla, why)) {
            ctx.error("LD031", root["sla"].loc(), "invalid sla: " + why);
        }
    }
    if (Node meta = root["meta"]; meta.is_object()) {
        p.meta = meta.json();
    }
    Node steps_node = root["steps"];
    if (steps_node.is_array()) {
        const core::Json* steps = &steps_node.json();
        for (std::size_t i = 0; i < steps->size(); ++i) {
            Node step = steps_node[i];
            core::PipelineStep s;
            if (!get_string(ctx, step["name"], s.name)) {
                continue;
            }
            s.loc = step["name"].loc();
            auto dup = std::find_if(p.steps.begin(), p.steps.end(),
                                    [&](const core::PipelineStep& o) { return o.name == s.name; });
            if (dup != p.steps.end()) {
                ctx.error("LD033", s.loc,
                          "duplicate step name '" + s.name + "' (first at line " + std::to_string(dup->loc.line) + ")");
                continue;
            }
            get_string(ctx, step["select"], s.select);
            get_string(ctx, step["command"], s.command);
            get_string_list(ctx, step["depends_on"], s.depends_on);
            for (std::size_t d = 0; d < s.depends_on.size(); ++d) {
                const std::string& dep = s.depends_on[d];
                bool earlier = std::any_of(p.steps.begin(), p.steps.end(),
                                           [&](const core::PipelineStep& o) { return o.name == dep; });
                if (!earlier) {
                    bool later = false;
                    for (std::size_t j = i + 1; j < steps->size(); ++j) {
                        const auto& other = (*steps)[j];
                        later = later || (other.is_object() && other.contains("name") && other["name"] == dep);
                    }
                    core::Diagnostic diag = make_error(
                        "LD032", step["depends_on"][d].loc(),
                        "step '" + s.name + "' depends on " +
                            (later ? "later step '" + dep + "' (a step may depend only on earlier steps)"
                                   : "unknown step '" + dep + "'"));
                    std::vector<std::string> names;
                    for (const auto& o : p.steps) {
                        names.push_back(o.name);
                    }
                    if (std::string best = util::closest_match(dep, names); !later && !best.empty()) {
                        diag.notes.push_back("did you mean '" + best + "'?");
                    }
                    ctx.diags.push_back(std::move(diag));
                }
            }
            p.steps.push_back(std::move(s));
        }
    }
    for (const auto& other : ctx.project->pipelines) {
        if (other.name == p.name) {
            ctx.error("LD021", p.loc, "pipeline '" + p.name + "' is declared twice (first in " + other.path + ")");
            return;
        }
    }
    ctx.project->pipelines.push_back(std::move(p));
}

} // namespace dpipe::load
