#include "scaffold/scaffold.hpp"

#include "util/embedded.hpp"
#include "util/files.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace dpipe::scaffold {

namespace starter {
const std::vector<util::EmbeddedFile>& files();
}
namespace example_shop {
const std::vector<util::EmbeddedFile>& files();
}

namespace {

namespace fs = std::filesystem;

std::string identifier_from(std::string_view name) {
    std::string out;
    for (char c : name) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else if (!out.empty() && out.back() != '_') {
            out += '_';
        }
    }
    while (!out.empty() && out.back() == '_') {
        out.pop_back();
    }
    if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) {
        out = "project_" + out;
    }
    return out;
}

} // namespace

std::vector<std::string> bundled_examples() { return {"shop"}; }

util::Result<InitResult, InitError> init_project(const InitRequest& request) {
    const std::vector<util::EmbeddedFile>* files = &starter::files();
    if (!request.example.empty()) {
        if (request.example != "shop") {
            return util::unexpected(InitError{"unknown example '" + request.example +
                                              "' (available: " +
                                              util::join(bundled_examples(), ", ") + ")"});
        }
        files = &example_shop::files();
    }
    fs::path dir = request.directory.empty() ? fs::path(".") : fs::path(request.directory);
    std::error_code ec;
    fs::path abs = fs::weakly_canonical(fs::absolute(dir, ec), ec);
    InitResult result;
    result.project_name = request.project_name.empty()
                              ? identifier_from(abs.filename().string())
                              : identifier_from(request.project_name);
    if (request.example == "shop" && request.project_name.empty()) {
        result.project_name = "shop";
    }
    for (const char* marker : {"dpipe.yaml", "dbt_project.yml"}) {
        if (fs::exists(dir / marker, ec)) {
            return util::unexpected(InitError{(dir / marker).string() +
                                              " already exists; dpipe init only creates new projects"});
        }
    }
    for (const auto& f : *files) {
        if (fs::exists(dir / std::string(f.path), ec)) {
            return util::unexpected(InitError{(dir / std::string(f.path)).string() +
                                              " already exists; nothing was written"});
        }
    }
    for (const auto& f : *files) {
        std::string content = util::replace_all(f.content, "{{project_name}}", result.project_name);
        auto w = util::write_file_atomic(dir / std::string(f.path), content);
        if (!w) {
            return util::unexpected(InitError{std::string(f.path) + ": " + w.error().message});
        }
        result.written.emplace_back(f.path);
    }
    std::sort(result.written.begin(), result.written.end());
    return result;
}

} // namespace dpipe::scaffold
