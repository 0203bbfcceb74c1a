#pragma once
// Semantic versions and the version constraints of dbt package specs: "1.2.3", "=1.2.3",
// ">=1.0.0", ">1.0.0", "<2.0.0", "<=2.0.0". A package's constraints (from the project and from
// every package that depends on it) intersect into one VersionRange; the highest available
// version inside it wins, as in dbt.

#include "util/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::deps {

struct Version {
    long major = 0;
    long minor = 0;
    long patch = 0;
    std::string prerelease; // "rc.1" for 1.0.0-rc.1; "" for a release
    std::string build;      // after '+'; ignored when comparing

    // MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]; nullopt for anything else.
    static std::optional<Version> parse(std::string_view text);
    std::string str() const;
    bool is_prerelease() const { return !prerelease.empty(); }
};

// Semver precedence: <0, 0, >0. Prerelease identifiers compare numerically when both are
// numbers; a release is above its prereleases.
int compare(const Version& a, const Version& b);

struct Bound {
    std::optional<Version> version; // nullopt: unbounded
    bool inclusive = true;
};

// A contiguous interval of versions.
struct VersionRange {
    Bound lower;
    Bound upper;

    // One constraint. The error is a sentence naming the text.
    static util::Result<VersionRange, std::string> parse_constraint(std::string_view text);

    bool contains(const Version& v) const;
    // The versions in both; nullopt when none can be (the constraints are incompatible).
    std::optional<VersionRange> intersect(const VersionRange& other) const;
    // Exactly one version ("=1.2.3" or "1.2.3").
    bool is_exact() const;
    // ">=1.0.0, <2.0.0", "=1.2.3" or "any".
    std::string str() const;
};

// The highest of `available` inside `range`; prereleases only when `allow_prerelease` or when
// the range is exactly that prerelease. nullopt when none fits.
std::optional<Version> pick_highest(const VersionRange& range,
                                    const std::vector<Version>& available, bool allow_prerelease);

} // namespace dpipe::deps
