#pragma once
// The text of every file read for a project, keyed by its project-relative path, so that
// diagnostics can show the offending line. Thread-safe; contents are immutable once added.

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace dpipe::core {

class SourceRegistry {
public:
    // Stores `text` under `file` and returns a view that stays valid for the registry's life.
    std::string_view add(const std::string& file, std::string text);
    // The text of `file`, or an empty view when unknown.
    std::string_view get(const std::string& file) const;

private:
    mutable std::mutex m_mutex;
    std::unordered_map<std::string, std::shared_ptr<const std::string>> m_files;
};

} // namespace dpipe::core
