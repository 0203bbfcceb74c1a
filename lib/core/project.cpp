#include "core/project.hpp"

namespace dpipe::core {

std::string Model::materialized() const {
    if (is_snapshot) {
        return "snapshot";
    }
    auto it = config.find("materialized");
    if (it != config.end() && it->is_string()) {
        return it->get<std::string>();
    }
    return "view";
}

bool Model::enabled() const {
    auto it = config.find("enabled");
    return it == config.end() || !it->is_boolean() || it->get<bool>();
}

const Model* Project::find_model(std::string_view name) const {
    for (const auto& m : models) {
        if (m.name == name) {
            return &m;
        }
    }
    return nullptr;
}

const SourceTable* Project::find_source(std::string_view source_name, std::string_view table) const {
    for (const auto& s : sources) {
        if (s.source_name == source_name && s.name == table) {
            return &s;
        }
    }
    return nullptr;
}

const Seed* Project::find_seed(std::string_view name) const {
    for (const auto& s : seeds) {
        if (s.name == name) {
            return &s;
        }
    }
    return nullptr;
}

} // namespace dpipe::core

namespace dpipe::core {

const char* node_status_name(NodeStatus s) {
    switch (s) {
    case NodeStatus::Ok:
        return "ok";
    case NodeStatus::RenderFailed:
        return "render_failed";
    case NodeStatus::ParseFailed:
        return "parse_failed";
    case NodeStatus::NotTraced:
        return "not_traced";
    }
    return "ok";
}

} // namespace dpipe::core
