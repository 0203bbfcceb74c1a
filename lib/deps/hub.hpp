#pragma once
// The dbt package hub's JSON API (hub.getdbt.com or a mirror): `api/v1/index.json` lists the
// packages, `api/v1/<owner>/<name>.json` their versions with download URLs and dependencies.
// Answers are cached per Hub object; nothing is written to disk here.

#include "deps/error.hpp"
#include "deps/semver.hpp"
#include "deps/spec.hpp"
#include "net/http.hpp"
#include "util/result.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace dpipe::deps {

// The hub's public URL, used unless DBT_PACKAGE_HUB_URL (dbt's variable) says otherwise.
inline constexpr const char* k_default_hub_url = "https://hub.getdbt.com/";

// DBT_PACKAGE_HUB_URL from `env`, or the default; always ends with '/'.
std::string hub_url(const EnvLookup& env);

struct HubVersion {
    Version version;
    std::string name;                   // the package's name (its install folder)
    std::string tarball;                // downloads.tarball
    std::string sha1;                   // downloads.sha1, "" when the hub gives none
    std::vector<PackageEntry> packages; // its dependencies
};

struct HubPackage {
    std::string id; // "owner/name"
    std::vector<HubVersion> versions;
    const HubVersion* find(const Version& v) const;
};

class Hub {
  public:
    Hub(net::Client& http, std::string base_url);

    // The package's metadata; input error when the index does not list it, Unavailable when the
    // hub cannot be reached or answers nonsense.
    util::Result<const HubPackage*, DepsError> package(const std::string& id,
                                                       const core::SourceLoc& loc);

    // GETs `url` (http or https, up to 5 redirects) and returns the body, at most `max_bytes`.
    util::Result<std::string, DepsError> download(const std::string& url, std::uint64_t max_bytes);

  private:
    util::Result<std::string, DepsError> get(const std::string& url);

    net::Client& m_http;
    std::string m_base;
    std::optional<std::set<std::string>> m_index;
    std::map<std::string, std::unique_ptr<HubPackage>> m_packages;
};

} // namespace dpipe::deps
