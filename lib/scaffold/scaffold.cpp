#include "scaffold/scaffold.hpp"

#include "util/embedded.hpp"
#include "util/files.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
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

using Writer = std::function<util::Result<bool, util::FileError>(const fs::path&, std::string_view)>;

// What this call created, removed again unless commit() is called: files and directories, in
// reverse order of creation (a directory is removed only when empty, so nothing that was
// there before is touched), then the staging folder with all in it.
class Undo {
  public:
    ~Undo() {
        if (m_committed) {
            return;
        }
        std::error_code ec;
        if (!m_staging.empty()) {
            fs::remove_all(m_staging, ec);
        }
        for (auto it = m_created.rbegin(); it != m_created.rend(); ++it) {
            fs::remove(*it, ec); // fails harmlessly on a directory that is not empty
        }
    }
    void staging(fs::path p) { m_staging = std::move(p); }
    void created(fs::path p) { m_created.push_back(std::move(p)); }
    void commit() { m_committed = true; }

  private:
    fs::path m_staging;
    std::vector<fs::path> m_created;
    bool m_committed = false;
};

// Creates `dir` and its missing ancestors, recording each one created.
util::Result<bool, InitError> make_dirs(const fs::path& dir, Undo& undo) {
    std::vector<fs::path> missing;
    std::error_code ec;
    for (fs::path p = dir; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
        missing.push_back(p);
        if (p == p.parent_path()) {
            break;
        }
    }
    for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
        if (!fs::create_directory(*it, ec) && ec) {
            return util::unexpected(InitError{"cannot create " + it->string() + ": " + ec.message()});
        }
        undo.created(*it);
    }
    return true;
}

util::Result<fs::path, InitError> make_staging(const fs::path& parent, const std::string& name) {
    std::string tmpl = (parent / ("." + name + ".dpipe-init-XXXXXX")).string();
    if (::mkdtemp(tmpl.data()) == nullptr) {
        return util::unexpected(InitError{"cannot create a staging folder in " + parent.string() +
                                          ": " + std::strerror(errno)});
    }
    return fs::path(tmpl);
}

util::Result<std::vector<std::string>, InitError>
write_whole(const fs::path& dir, const std::vector<util::EmbeddedFile>& files,
            const std::string& project_name, const Writer& writer) {
    Undo undo;
    std::error_code ec;
    fs::path abs = fs::absolute(dir, ec).lexically_normal();
    if (!abs.has_filename()) {
        abs = abs.parent_path();
    }
    const bool exists = fs::exists(abs, ec);
    if (exists && !fs::is_directory(abs, ec)) {
        return util::unexpected(InitError{dir.string() + " exists and is not a directory"});
    }
    // A new directory is staged beside itself and renamed into place in one step; an existing
    // one is staged inside itself (its parent may not be writable) and filled file by file.
    if (!exists) {
        if (auto made = make_dirs(abs.parent_path(), undo); !made) {
            return util::unexpected(made.error());
        }
    }
    auto staging = exists ? make_staging(abs, "project")
                          : make_staging(abs.parent_path(), abs.filename().string());
    if (!staging) {
        return util::unexpected(staging.error());
    }
    undo.staging(*staging);

    std::vector<std::string> written;
    for (const auto& f : files) {
        std::string content = util::replace_all(f.content, "{{project_name}}", project_name);
        fs::path target = *staging / std::string(f.path);
        auto w = writer ? writer(target, content) : util::write_file_atomic(target, content);
        if (!w) {
            return util::unexpected(InitError{std::string(f.path) + ": " + w.error().message +
                                              "; nothing was written"});
        }
        written.emplace_back(f.path);
    }

    if (!exists) {
        fs::rename(*staging, abs, ec);
        if (ec) {
            return util::unexpected(
                InitError{"cannot move the project into " + dir.string() + ": " + ec.message()});
        }
        undo.commit();
        return written;
    }
    for (const auto& f : files) {
        fs::path rel(std::string(f.path));
        if (auto made = make_dirs((abs / rel).parent_path(), undo); !made) {
            return util::unexpected(InitError{made.error().message + "; nothing was written"});
        }
        fs::rename(*staging / rel, abs / rel, ec);
        if (ec) {
            return util::unexpected(InitError{"cannot move " + rel.string() + " into place: " +
                                              ec.message() + "; nothing was written"});
        }
        undo.created(abs / rel);
    }
    fs::remove_all(*staging, ec);
    undo.commit();
    return written;
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
    auto written = write_whole(dir, *files, result.project_name, request.write_file);
    if (!written) {
        return util::unexpected(written.error());
    }
    result.written = std::move(*written);
    std::sort(result.written.begin(), result.written.end());
    return result;
}

} // namespace dpipe::scaffold
