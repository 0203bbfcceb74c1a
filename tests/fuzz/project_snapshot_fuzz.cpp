// Fuzz target: a whole in-memory project built from one input, loaded, rendered, parsed, graphed
// and traced to columns. Must never crash, hang or trip a sanitizer; diagnostics are fine.
//
// Input format: the first byte chooses the configuration file (even: dbt_project.yml, odd:
// dpipe.yaml); the rest is split on lines "@@@@" into, in order, the configuration, a property
// file, a model, a macro file, a seed, .dpipe.toml and a pipeline. Missing parts are absent
// files. A fixed model `base` is always present so the fuzzed model can ref() it.

#include "project/columns.hpp"
#include "project/snapshot.hpp"
#include "util/file_source.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

constexpr std::string_view k_separator = "\n@@@@\n";

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dpipe;
    if (size == 0) {
        return 0;
    }
    const std::array<const char*, 7> paths = {
        (data[0] & 1) != 0 ? "dpipe.yaml" : "dbt_project.yml",
        "models/schema.yml",
        "models/fuzz_model.sql",
        "macros/fuzz_macros.sql",
        "seeds/fuzz_seed.csv",
        ".dpipe.toml",
        "pipelines/fuzz.yaml",
    };
    std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    util::MemorySource source;
    source.add("models/base.sql", "select 1 as id, 'a' as name\n");
    for (std::size_t i = 0; i < paths.size() && !rest.empty(); ++i) {
        std::size_t cut = rest.find(k_separator);
        std::string_view part = rest.substr(0, cut);
        source.add(paths[i], std::string(part));
        rest = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + k_separator.size());
    }
    project::Request req;
    req.source = &source;
    req.root = "fuzz";
    req.jobs = 1;
    project::Snapshot snapshot = project::build(req);
    if (!snapshot.config_failed) {
        (void)project::column_lineage(snapshot, 1);
    }
    (void)project::summary_line(snapshot.counts(), true);
    return 0;
}
