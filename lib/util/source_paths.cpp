#include "util/source_paths.hpp"

#include "util/strings.hpp"

#include <algorithm>

namespace dpipe::util {

Result<std::string, std::string> normalize_relative_path(std::string_view path) {
    if (path.find('\0') != std::string_view::npos) {
        return unexpected(std::string("path contains a NUL byte"));
    }
    if (!path.empty() && path.front() == '/') {
        return unexpected("absolute path '" + std::string(path) + "' is not allowed");
    }
    std::string out;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) {
            end = path.size();
        }
        std::string_view part = path.substr(start, end - start);
        if (part == "..") {
            return unexpected("path '" + std::string(path) + "' leaves the project ('..')");
        }
        if (!part.empty() && part != ".") {
            if (!out.empty()) {
                out += '/';
            }
            out += part;
        }
        start = end + 1;
    }
    return out;
}

std::string join_relative(std::string_view dir, std::string_view name) {
    if (dir.empty()) {
        return std::string(name);
    }
    std::string out;
    out.reserve(dir.size() + 1 + name.size());
    out += dir;
    out += '/';
    out += name;
    return out;
}

std::string escape_bad_utf8(std::string_view name) {
    static const char* k_hex = "0123456789abcdef";
    std::string out;
    std::size_t bad = 0;
    while (!valid_utf8(name, &bad)) {
        out += name.substr(0, bad);
        auto byte = static_cast<unsigned char>(name[bad]);
        out += "\\x";
        out += k_hex[byte >> 4];
        out += k_hex[byte & 15];
        name.remove_prefix(bad + 1);
    }
    out += name;
    return out;
}

bool enters_directory(std::string_view name, const ListOptions& options) {
    if (options.skip_hidden && !name.empty() && name.front() == '.') {
        return false;
    }
    return std::find(options.skip_dirs.begin(), options.skip_dirs.end(), name) ==
           options.skip_dirs.end();
}

bool matches_suffix(std::string_view name, const ListOptions& options) {
    if (options.suffixes.empty()) {
        return true;
    }
    for (const auto& s : options.suffixes) {
        if (name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
            return true;
        }
    }
    return false;
}

void finish_listing(std::vector<std::string>& files, std::vector<ListProblem>& problems,
                    std::size_t first_new_problem) {
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    auto first = problems.begin() + static_cast<std::ptrdiff_t>(first_new_problem);
    std::stable_sort(first, problems.end(),
                     [](const ListProblem& a, const ListProblem& b) { return a.path < b.path; });
}

} // namespace dpipe::util
