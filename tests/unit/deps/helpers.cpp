#include "helpers.hpp"

#include "util/files.hpp"
#include "util/strings.hpp"

#include <catch2/catch.hpp>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace deps_test {

fs::path temp_dir() {
    std::string tmpl = (fs::temp_directory_path() / "dpipe-deps-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    return tmpl;
}

void put(const fs::path& file, const std::string& text) {
    REQUIRE(dpipe::util::write_file_atomic(file, text).ok());
}

std::string slurp(const fs::path& file) {
    auto text = dpipe::util::read_file(file, 1 << 20);
    REQUIRE(text.ok());
    return *text;
}

int sh(const fs::path& dir, const std::string& cmd) {
    return std::system(("cd '" + dir.string() + "' && " + cmd + " >/dev/null 2>&1").c_str());
}

std::string sh_out(const fs::path& dir, const std::string& cmd) {
    fs::path out = fs::temp_directory_path() / ("dpipe-deps-out-" + std::to_string(::getpid()));
    REQUIRE(std::system(
                ("cd '" + dir.string() + "' && " + cmd + " > '" + out.string() + "'").c_str()) ==
            0);
    std::string text = slurp(out);
    fs::remove(out);
    return std::string(dpipe::util::trim(text));
}

namespace {

void octal(char* out, std::size_t width, std::uint64_t value) {
    std::snprintf(out, width, "%0*llo", static_cast<int>(width - 1),
                  static_cast<unsigned long long>(value));
}

std::string gzip(const std::string& data) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&z, data.size()) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

} // namespace

std::string make_tar_gz(const std::vector<TarEntry>& entries) {
    std::string tar;
    for (const auto& e : entries) {
        char h[512] = {};
        std::strncpy(h, e.name.c_str(), 99);
        octal(h + 100, 8, e.type == '5' ? 0755 : 0644);
        octal(h + 108, 8, 0);
        octal(h + 116, 8, 0);
        std::uint64_t size = e.type == '0' ? e.body.size() : 0;
        octal(h + 124, 12, size);
        octal(h + 136, 12, 0);
        h[156] = e.type;
        if (e.type == '2') {
            std::strncpy(h + 157, e.body.c_str(), 99);
        }
        std::memcpy(h + 257,
                    "ustar\0"
                    "00",
                    8);
        std::memset(h + 148, ' ', 8);
        unsigned sum = 0;
        for (unsigned char c : h) {
            sum += c;
        }
        std::snprintf(h + 148, 8, "%06o", sum);
        tar.append(h, 512);
        if (e.type == '0') {
            tar += e.body;
            tar.append((512 - e.body.size() % 512) % 512, '\0');
        }
    }
    tar.append(1024, '\0');
    return gzip(tar);
}

void make_package(const fs::path& dir, const std::string& name, const std::string& packages_yml) {
    fs::create_directories(dir / "macros");
    put(dir / "dbt_project.yml", "name: " + name + "\nversion: '1.0'\n");
    put(dir / "macros" / (name + ".sql"), "{% macro " + name + "_macro() %}1{% endmacro %}\n");
    if (!packages_yml.empty()) {
        put(dir / "packages.yml", packages_yml);
    }
}

} // namespace deps_test
