#pragma once
// A project in memory, run through the staged pipeline, with a lint::Context built by hand around
// it (units for models, singular tests and macros; YAML/TOML/CSV files as text files), so that a
// rule can be checked before and apart from the engine.

#include "core/project.hpp"
#include "lint/context.hpp"
#include "lint/rule.hpp"
#include "project/snapshot.hpp"
#include "util/file_source.hpp"

#include <map>
#include <string>
#include <vector>

namespace dpipe::lint::test {

// A finding as tests compare it: "path:line:col CODE" plus the message.
struct Seen {
    std::string where; // "models/x.sql:3:7"
    std::string message;
    std::vector<Edit> fix;
};

class Harness {
public:
    // `files`: path -> bytes; a dbt_project.yml is added when neither it nor dpipe.yaml is given.
    explicit Harness(std::map<std::string, std::string> files);
    Harness(const Harness&) = delete;
    Harness& operator=(const Harness&) = delete;

    // Runs rule `code` (both checks, every unit) with its default options merged with `options`.
    std::vector<Seen> run(const std::string& code, const core::Json& options = core::Json::object()) const;
    // Only the "path:line:col" of each finding, sorted.
    std::vector<std::string> where(const std::string& code, const core::Json& options = core::Json::object()) const;
    // The file after applying the fixes of every finding of `code` in `path`.
    std::string fixed(const std::string& code, const std::string& path,
                      const core::Json& options = core::Json::object()) const;

    const Context& context() const { return m_ctx; }
    const project::Snapshot& snapshot() const { return m_snapshot; }

private:
    std::map<std::string, std::string> m_files;
    util::MemorySource m_source;
    project::Snapshot m_snapshot;
    Context m_ctx;
};

// The rule with this code from the SQL, style and security registries; fails the test if absent.
const Rule& rule(const std::string& code);

} // namespace dpipe::lint::test
