#include "lint/glob.hpp"

#include "util/glob.hpp"

namespace dpipe::lint {

bool glob_match(std::string_view pattern, std::string_view path) {
    while (pattern.size() > 1 && pattern.back() == '/') {
        pattern.remove_suffix(1);
    }
    if (pattern.substr(0, 2) == "./") {
        pattern.remove_prefix(2);
    }
    if (util::glob_match(pattern, path)) {
        return true;
    }
    // A folder: everything below it.
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] == '/' && util::glob_match(pattern, path.substr(0, i))) {
            return true;
        }
    }
    return false;
}

} // namespace dpipe::lint
