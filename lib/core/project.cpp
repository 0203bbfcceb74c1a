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
    if (it == config.end()) {
        return true;
    }
    if (it->is_boolean()) {
        return it->get<bool>();
    }
    // The loader refuses every other non-boolean except unrendered Jinja ("{{ ... }}"), which
    // counts as enabled until Jinja-valued config is rendered; a rendered "false"/"False" string
    // (Jinja's output) is false.
    if (it->is_string()) {
        const std::string& s = it->get_ref<const std::string&>();
        return !(s == "false" || s == "False" || s == "FALSE");
    }
    return true;
}

bool FreezeWindow::contains(int day, int minute) const {
    constexpr int k_week = 7 * 1440;
    if (start_day < 0 || end_day < 0) {
        // Daily: compare minutes only; a window may wrap past midnight.
        if (start_minute <= end_minute) {
            return minute >= start_minute && minute < end_minute;
        }
        return minute >= start_minute || minute < end_minute;
    }
    int at = day * 1440 + minute;
    int from = start_day * 1440 + start_minute;
    int to = end_day * 1440 + end_minute;
    if (from <= to) {
        return at >= from && at < to;
    }
    return (at >= from && at < k_week) || at < to; // wraps past Sunday
}

namespace {

// The root project's resource of that name wins over an installed package's, as in dbt's ref().
template <typename T, typename Match>
const T* find_preferring_root(const std::vector<T>& items, const std::string& root, Match match) {
    const T* found = nullptr;
    for (const auto& item : items) {
        if (match(item)) {
            if (item.package.empty() || item.package == root) {
                return &item;
            }
            found = found ? found : &item;
        }
    }
    return found;
}

} // namespace

const Model* Project::find_model(std::string_view name) const {
    // A versioned model answers to its name with its latest version, as an unpinned ref() does.
    return find_preferring_root(models, this->name, [&](const Model& m) {
        return m.name == name && (m.version.empty() || m.latest_version);
    });
}

const SourceTable* Project::find_source(std::string_view source_name, std::string_view table) const {
    return find_preferring_root(sources, this->name, [&](const SourceTable& s) {
        return s.source_name == source_name && s.name == table;
    });
}

const Seed* Project::find_seed(std::string_view name) const {
    return find_preferring_root(seeds, this->name, [&](const Seed& s) { return s.name == name; });
}

const Json& Project::vars_of(std::string_view package) const {
    if (!package.empty() && package != name) {
        for (const auto& pkg : packages) {
            if (pkg.name == package) {
                return pkg.node_vars;
            }
        }
    }
    return vars;
}

const Group* Project::find_group(std::string_view name) const {
    for (const auto& g : groups) {
        if (g.name == name) {
            return &g;
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
