#include "lint/fix.hpp"

#include "util/files.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

namespace dpipe::lint {

namespace {

struct Span {
    std::size_t begin;
    std::size_t end;
};

// The Jinja tags of a file: no fix may touch them.
std::vector<Span> jinja_spans(std::string_view text) {
    std::vector<Span> out;
    std::size_t i = 0;
    while ((i = text.find('{', i)) != std::string_view::npos && i + 1 < text.size()) {
        char c = text[i + 1];
        const char* close = c == '{' ? "}}" : c == '%' ? "%}" : c == '#' ? "#}" : nullptr;
        if (close == nullptr) {
            ++i;
            continue;
        }
        std::size_t e = text.find(close, i + 2);
        std::size_t end = e == std::string_view::npos ? text.size() : e + 2;
        out.push_back({i, end});
        i = end;
    }
    return out;
}

bool overlaps(const Edit& e, const Span& s) {
    // An insertion at a tag's edge does not change the tag.
    if (e.begin == e.end) {
        return e.begin > s.begin && e.begin < s.end;
    }
    return e.begin < s.end && s.begin < e.end;
}

// Two edits whose result would depend on the order they are applied in.
bool conflict(const Edit& a, const Edit& b) {
    if (a.begin == a.end) {
        return b.begin <= a.begin && a.begin <= b.end;
    }
    if (b.begin == b.end) {
        return a.begin <= b.begin && b.begin <= a.end;
    }
    return a.begin < b.end && b.begin < a.end;
}

} // namespace

std::string apply_edits(std::string_view text, const std::vector<const Reported*>& findings, std::size_t& applied,
                        std::vector<std::string>& codes) {
    std::vector<Span> jinja = jinja_spans(text);
    std::vector<Edit> accepted;
    for (const Reported* r : findings) {
        const auto& edits = r->finding.fix;
        bool ok = !edits.empty();
        for (std::size_t k = 0; ok && k < edits.size(); ++k) {
            const Edit& e = edits[k];
            ok = e.begin <= e.end && e.end <= text.size();
            for (const auto& s : jinja) {
                ok = ok && !overlaps(e, s);
            }
            for (const auto& a : accepted) {
                ok = ok && !conflict(e, a);
            }
            for (std::size_t j = 0; j < k; ++j) {
                ok = ok && !conflict(e, edits[j]);
            }
        }
        if (!ok) {
            continue; // the whole finding's fix, or none of it
        }
        accepted.insert(accepted.end(), edits.begin(), edits.end());
        ++applied;
        codes.push_back(r->code);
    }
    if (accepted.empty()) {
        return std::string(text);
    }
    std::sort(accepted.begin(), accepted.end(), [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
    std::string out;
    out.reserve(text.size());
    std::size_t at = 0;
    for (const auto& e : accepted) {
        out.append(text.substr(at, e.begin - at));
        out += e.replacement;
        at = e.end;
    }
    out.append(text.substr(at));
    return out;
}

FixResult fix_project(const project::Request& request, const std::string& root, const LintOptions& opts,
                      int max_passes) {
    FixResult fr;
    std::map<std::string, FileFix> fixed;
    project::Request keep = request;
    keep.keep_scripts = true; // what Engine::run reads
    for (int pass = 1;; ++pass) {
        fr.snapshot = project::build(keep);
        fr.result = Engine::run(fr.snapshot, *request.source, opts);
        if (pass > max_passes || fr.snapshot.config_failed || !fr.result.config_errors.empty()) {
            break;
        }
        fr.report.passes = pass;
        std::map<std::string, std::vector<const Reported*>> by_file;
        for (const auto& r : fr.result.findings) {
            if (!r.finding.fix.empty() && !r.finding.loc.file.empty()) {
                by_file[r.finding.loc.file].push_back(&r);
            }
        }
        bool changed = false;
        for (const auto& [path, list] : by_file) {
            auto current = request.source->read(path, 64u << 20);
            std::string_view linted = fr.snapshot.project.sources_text->get(path);
            if (!current || (!linted.empty() && current->bytes != linted)) {
                continue; // changed under us, or gone: leave it
            }
            std::size_t applied = 0;
            std::vector<std::string> codes;
            std::string text = apply_edits(current->bytes, list, applied, codes);
            if (applied == 0 || text == current->bytes) {
                continue;
            }
            auto w = util::write_file_atomic(std::filesystem::path(root) / path, text);
            if (!w) {
                fr.report.errors.push_back(w.error().message);
                continue;
            }
            changed = true;
            FileFix& f = fixed[path];
            f.path = path;
            f.findings += applied;
            f.codes.insert(f.codes.end(), codes.begin(), codes.end());
        }
        if (!changed) {
            break;
        }
    }
    for (auto& [path, f] : fixed) {
        std::sort(f.codes.begin(), f.codes.end());
        f.codes.erase(std::unique(f.codes.begin(), f.codes.end()), f.codes.end());
        fr.report.files.push_back(std::move(f));
    }
    return fr;
}

} // namespace dpipe::lint
