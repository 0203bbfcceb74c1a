#include "deps/hub.hpp"

#include "core/project.hpp"

namespace dpipe::deps {

namespace {

constexpr int k_max_redirects = 5;

DepsError bad_answer(const std::string& url, const std::string& why) {
    return unavailable("DP020", "the package hub answered " + url + " with " + why);
}

} // namespace

std::string hub_url(const EnvLookup& env) {
    std::string url = k_default_hub_url;
    if (auto v = env("DBT_PACKAGE_HUB_URL"); v && !v->empty()) {
        url = *v;
    }
    if (url.back() != '/') {
        url += '/';
    }
    return url;
}

const HubVersion* HubPackage::find(const Version& v) const {
    for (const auto& hv : versions) {
        if (compare(hv.version, v) == 0) {
            return &hv;
        }
    }
    return nullptr;
}

Hub::Hub(net::Client& http, std::string base_url) : m_http(http), m_base(std::move(base_url)) {}

util::Result<std::string, DepsError> Hub::get(const std::string& url) {
    return download(url, std::uint64_t{16} << 20);
}

util::Result<std::string, DepsError> Hub::download(const std::string& url,
                                                   std::uint64_t max_bytes) {
    std::string current = url;
    for (int hop = 0; hop <= k_max_redirects; ++hop) {
        if (net::url_origin(current).empty()) {
            return util::unexpected(
                unavailable("DP021", "refusing to download '" + current +
                                         "': only http and https URLs are fetched"));
        }
        net::Request request;
        request.url = current;
        request.headers = {{"Accept", "application/json, application/gzip, */*"},
                           {"User-Agent", "dpipe"}};
        auto response = m_http.send(request);
        if (!response) {
            return util::unexpected(unavailable("DP021", response.error().message));
        }
        int status = response->status;
        if (status >= 300 && status < 400 && !response->header("location").empty()) {
            std::string location = response->header("location");
            if (location.front() == '/') {
                location = net::url_origin(current) + location;
            }
            current = location;
            continue;
        }
        if (status == 404) {
            return util::unexpected(unavailable("DP022", current + " was not found (HTTP 404)"));
        }
        if (status != 200) {
            return util::unexpected(
                unavailable("DP021", current + " answered HTTP " + std::to_string(status)));
        }
        if (response->body.size() > max_bytes) {
            return util::unexpected(unavailable("DP023", current + " is larger than " +
                                                             std::to_string(max_bytes) + " bytes"));
        }
        return std::move(response->body);
    }
    return util::unexpected(unavailable("DP021", url + " redirects more than " +
                                                     std::to_string(k_max_redirects) + " times"));
}

util::Result<const HubPackage*, DepsError> Hub::package(const std::string& id,
                                                        const core::SourceLoc& loc) {
    if (auto it = m_packages.find(id); it != m_packages.end()) {
        return it->second.get();
    }
    if (!m_index) {
        std::string url = m_base + "api/v1/index.json";
        auto body = get(url);
        if (!body) {
            return util::unexpected(body.error());
        }
        core::Json index = core::Json::parse(*body, nullptr, false);
        if (index.is_discarded() || !index.is_array()) {
            return util::unexpected(bad_answer(url, "something other than a JSON list"));
        }
        m_index.emplace();
        for (const auto& item : index) {
            if (item.is_string()) {
                m_index->insert(item.get<std::string>());
            }
        }
    }
    if (m_index->count(id) == 0) {
        return util::unexpected(
            input_error("DP009", loc, "the package hub has no package '" + id + "'"));
    }
    std::string url = m_base + "api/v1/" + id + ".json";
    auto body = get(url);
    if (!body) {
        return util::unexpected(body.error());
    }
    core::Json doc = core::Json::parse(*body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("versions") ||
        !doc["versions"].is_object()) {
        return util::unexpected(bad_answer(url, "no `versions` object"));
    }
    auto pkg = std::make_unique<HubPackage>();
    pkg->id = id;
    core::SourceLoc where{"<hub>/" + id + ".json", 0, 0};
    for (const auto& [key, meta] : doc["versions"].items()) {
        auto version = Version::parse(key);
        if (!version || !meta.is_object()) {
            continue; // versions that are not semver cannot be chosen anyway
        }
        HubVersion hv;
        hv.version = *version;
        hv.name = meta.contains("name") && meta["name"].is_string()
                      ? meta["name"].get<std::string>()
                      : "";
        if (meta.contains("downloads") && meta["downloads"].is_object()) {
            const auto& dl = meta["downloads"];
            hv.tarball = dl.contains("tarball") && dl["tarball"].is_string()
                             ? dl["tarball"].get<std::string>()
                             : "";
            hv.sha1 =
                dl.contains("sha1") && dl["sha1"].is_string() ? dl["sha1"].get<std::string>() : "";
        }
        if (meta.contains("packages") && meta["packages"].is_array()) {
            for (const auto& dep : meta["packages"]) {
                if (!dep.is_object() || !dep.contains("package") || !dep["package"].is_string()) {
                    continue;
                }
                PackageEntry e;
                e.kind = PackageKind::Hub;
                e.package = dep["package"].get<std::string>();
                e.loc = where;
                const core::Json& v = dep.contains("version") ? dep["version"] : core::Json();
                if (v.is_string()) {
                    e.versions.push_back(v.get<std::string>());
                } else if (v.is_array()) {
                    for (const auto& c : v) {
                        if (c.is_string()) {
                            e.versions.push_back(c.get<std::string>());
                        }
                    }
                }
                e.install_prerelease = dep.contains("install-prerelease") &&
                                       dep["install-prerelease"].is_boolean() &&
                                       dep["install-prerelease"].get<bool>();
                hv.packages.push_back(std::move(e));
            }
        }
        pkg->versions.push_back(std::move(hv));
    }
    const HubPackage* out = pkg.get();
    m_packages.emplace(id, std::move(pkg));
    return out;
}

} // namespace dpipe::deps
