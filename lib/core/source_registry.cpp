#include "core/source_registry.hpp"

namespace dpipe::core {

std::string_view SourceRegistry::add(const std::string& file, std::string text) {
    auto ptr = std::make_shared<const std::string>(std::move(text));
    std::lock_guard<std::mutex> lock(m_mutex);
    auto& slot = m_files[file];
    slot = std::move(ptr);
    return *slot;
}

std::string_view SourceRegistry::get(const std::string& file) const {
    std::lock_guard<std::mutex> lock(m_mutex);
    auto it = m_files.find(file);
    if (it == m_files.end()) {
        return {};
    }
    return *it->second;
}

} // namespace dpipe::core
