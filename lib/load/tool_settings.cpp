// Tool settings from TOML: user config.toml < .dpipe.toml < command-line settings. The [lint]
// table is merged over dpipe.yaml's lint: block into project.lint.

#include "load/load_context.hpp"

namespace dpipe::load {

void apply_tool_settings(LoadContext& ctx, const std::vector<Document>& docs) {
    core::Project& p = *ctx.project;
    for (const auto& doc : docs) {
        merge_json(p.tool, doc.root);
    }
    if (ctx.options && ctx.options->cli_settings.is_object()) {
        merge_json(p.tool, ctx.options->cli_settings);
    }
    if (p.tool.contains("lint") && p.tool["lint"].is_object()) {
        merge_json(p.lint, p.tool["lint"]);
    }
}

} // namespace dpipe::load
