#include "deps/semver.hpp"

#include "util/strings.hpp"

#include <charconv>

namespace dpipe::deps {

namespace {

bool parse_number(std::string_view s, long* out) {
    if (s.empty() || s.size() > 9 || (s.size() > 1 && s[0] == '0')) {
        return false;
    }
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
    return ec == std::errc() && end == s.data() + s.size();
}

bool identifiers_ok(std::string_view s) {
    if (s.empty()) {
        return false;
    }
    for (std::string_view part : util::split(s, '.')) {
        if (part.empty()) {
            return false;
        }
        for (char c : part) {
            bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      c == '-';
            if (!ok) {
                return false;
            }
        }
    }
    return true;
}

bool all_digits(std::string_view s) {
    for (char c : s) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return !s.empty();
}

int compare_prerelease(std::string_view a, std::string_view b) {
    if (a.empty() || b.empty()) {
        return a.empty() == b.empty() ? 0 : (a.empty() ? 1 : -1);
    }
    auto pa = util::split(a, '.');
    auto pb = util::split(b, '.');
    for (std::size_t i = 0; i < pa.size() && i < pb.size(); ++i) {
        bool na = all_digits(pa[i]);
        bool nb = all_digits(pb[i]);
        if (na && nb) {
            if (pa[i].size() != pb[i].size()) {
                return pa[i].size() < pb[i].size() ? -1 : 1;
            }
        } else if (na != nb) {
            return na ? -1 : 1; // numeric identifiers sort below alphanumeric ones
        }
        int c = pa[i].compare(pb[i]);
        if (c != 0) {
            return c < 0 ? -1 : 1;
        }
    }
    return pa.size() == pb.size() ? 0 : (pa.size() < pb.size() ? -1 : 1);
}

// Compares bounds' versions where a missing version is -inf (lower) or +inf (upper).
int compare_lower(const Bound& a, const Bound& b) {
    if (!a.version || !b.version) {
        return a.version.has_value() - b.version.has_value();
    }
    int c = compare(*a.version, *b.version);
    if (c != 0) {
        return c;
    }
    return a.inclusive == b.inclusive ? 0 : (a.inclusive ? -1 : 1);
}

int compare_upper(const Bound& a, const Bound& b) {
    if (!a.version || !b.version) {
        return b.version.has_value() - a.version.has_value();
    }
    int c = compare(*a.version, *b.version);
    if (c != 0) {
        return c;
    }
    return a.inclusive == b.inclusive ? 0 : (a.inclusive ? 1 : -1);
}

} // namespace

std::optional<Version> Version::parse(std::string_view text) {
    Version v;
    std::size_t plus = text.find('+');
    if (plus != std::string_view::npos) {
        v.build = std::string(text.substr(plus + 1));
        if (!identifiers_ok(v.build)) {
            return std::nullopt;
        }
        text = text.substr(0, plus);
    }
    std::size_t dash = text.find('-');
    if (dash != std::string_view::npos) {
        v.prerelease = std::string(text.substr(dash + 1));
        if (!identifiers_ok(v.prerelease)) {
            return std::nullopt;
        }
        text = text.substr(0, dash);
    }
    auto parts = util::split(text, '.');
    if (parts.size() != 3 || !parse_number(parts[0], &v.major) ||
        !parse_number(parts[1], &v.minor) || !parse_number(parts[2], &v.patch)) {
        return std::nullopt;
    }
    return v;
}

std::string Version::str() const {
    std::string s =
        std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
    if (!prerelease.empty()) {
        s += "-" + prerelease;
    }
    if (!build.empty()) {
        s += "+" + build;
    }
    return s;
}

int compare(const Version& a, const Version& b) {
    if (a.major != b.major) {
        return a.major < b.major ? -1 : 1;
    }
    if (a.minor != b.minor) {
        return a.minor < b.minor ? -1 : 1;
    }
    if (a.patch != b.patch) {
        return a.patch < b.patch ? -1 : 1;
    }
    return compare_prerelease(a.prerelease, b.prerelease);
}

util::Result<VersionRange, std::string> VersionRange::parse_constraint(std::string_view text) {
    std::string_view t = util::trim(text);
    std::string op;
    for (std::string_view candidate : {">=", "<=", ">", "<", "="}) {
        if (t.substr(0, candidate.size()) == candidate) {
            op = std::string(candidate);
            break;
        }
    }
    std::string_view rest = util::trim(t.substr(op.size()));
    auto version = Version::parse(rest);
    if (!version) {
        return util::unexpected("'" + std::string(text) +
                                "' is not a version or a version constraint (such as \">=1.0.0\")");
    }
    VersionRange r;
    if (op.empty() || op == "=") {
        r.lower = {*version, true};
        r.upper = {*version, true};
    } else if (op[0] == '>') {
        r.lower = {*version, op == ">="};
    } else {
        r.upper = {*version, op == "<="};
    }
    return r;
}

bool VersionRange::contains(const Version& v) const {
    if (lower.version) {
        int c = compare(v, *lower.version);
        if (c < 0 || (c == 0 && !lower.inclusive)) {
            return false;
        }
    }
    if (upper.version) {
        int c = compare(v, *upper.version);
        if (c > 0 || (c == 0 && !upper.inclusive)) {
            return false;
        }
    }
    return true;
}

std::optional<VersionRange> VersionRange::intersect(const VersionRange& other) const {
    VersionRange r;
    r.lower = compare_lower(lower, other.lower) >= 0 ? lower : other.lower;
    r.upper = compare_upper(upper, other.upper) <= 0 ? upper : other.upper;
    if (r.lower.version && r.upper.version) {
        int c = compare(*r.lower.version, *r.upper.version);
        if (c > 0 || (c == 0 && !(r.lower.inclusive && r.upper.inclusive))) {
            return std::nullopt;
        }
    }
    return r;
}

bool VersionRange::is_exact() const {
    return lower.version && upper.version && lower.inclusive && upper.inclusive &&
           compare(*lower.version, *upper.version) == 0;
}

std::string VersionRange::str() const {
    if (is_exact()) {
        return "=" + lower.version->str();
    }
    std::vector<std::string> parts;
    if (lower.version) {
        parts.push_back((lower.inclusive ? ">=" : ">") + lower.version->str());
    }
    if (upper.version) {
        parts.push_back((upper.inclusive ? "<=" : "<") + upper.version->str());
    }
    return parts.empty() ? "any" : util::join(parts, ", ");
}

std::optional<Version> pick_highest(const VersionRange& range,
                                    const std::vector<Version>& available, bool allow_prerelease) {
    std::optional<Version> best;
    for (const Version& v : available) {
        if (v.is_prerelease() && !allow_prerelease && !range.is_exact()) {
            continue;
        }
        if (!range.contains(v)) {
            continue;
        }
        if (!best || compare(v, *best) > 0) {
            best = v;
        }
    }
    return best;
}

} // namespace dpipe::deps
