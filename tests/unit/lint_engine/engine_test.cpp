#include "lint/engine.hpp"
#include "lint/fix.hpp"
#include "lint/glob.hpp"
#include "lint/registry.hpp"
#include "lint/suppress.hpp"
#include "project/snapshot.hpp"
#include "util/file_source.hpp"

#include <catch2/catch.hpp>

using namespace dpipe;

namespace {

struct Linted {
    project::Snapshot snapshot;
    lint::LintResult result;
};

Linted lint_memory(std::map<std::string, std::string> files, lint::LintOptions opts = {}) {
    util::MemorySource src(std::move(files));
    project::Request req;
    req.source = &src;
    req.root = "/memory";
    req.jobs = 2;
    req.keep_scripts = true;
    Linted out;
    out.snapshot = project::build(req);
    opts.jobs = 2;
    out.result = lint::Engine::run(out.snapshot, src, opts);
    return out;
}

std::vector<std::string> codes_at(const lint::LintResult& r) {
    std::vector<std::string> out;
    for (const auto& f : r.findings) {
        out.push_back(f.code + "@" + f.finding.loc.str());
    }
    return out;
}

const char* const k_yaml = "version: 1\nname: mem\ndialect: postgres\n";

} // namespace

TEST_CASE("globs: segments, double star and folders") {
    CHECK(lint::glob_match("models/*.sql", "models/a.sql"));
    CHECK_FALSE(lint::glob_match("models/*.sql", "models/x/a.sql"));
    CHECK(lint::glob_match("models/**/*.sql", "models/a.sql"));
    CHECK(lint::glob_match("models/**/*.sql", "models/x/y/a.sql"));
    CHECK(lint::glob_match("models/legacy", "models/legacy/a.sql"));
    CHECK(lint::glob_match("models/legacy/", "models/legacy/x/a.sql"));
    CHECK_FALSE(lint::glob_match("models/leg", "models/legacy/a.sql"));
    CHECK(lint::glob_match("**/stg_?.sql", "models/staging/stg_a.sql"));
}

TEST_CASE("suppressions: codes, names, whole file, prose after the codes") {
    auto s = lint::find_suppressions("a.sql",
                                     "select 1 -- dpipe:ignore SQ001, ST002 legacy table\n"
                                     "-- dpipe:ignore-file unknown-ref\n"
                                     "select 'dpipe:ignore SQ009'\n",
                                     true);
    REQUIRE(s.size() == 3);
    CHECK(s[0].code == "SQ001");
    CHECK(s[0].loc == core::SourceLoc{"a.sql", 1, 26});
    CHECK(s[1].code == "ST002");
    CHECK(s[2].code == "unknown-ref");
    CHECK(s[2].whole_file);
    CHECK(lint::covers(s[0], "SQ001", "x", 2));
    CHECK_FALSE(lint::covers(s[0], "SQ001", "x", 3));
    CHECK(lint::covers(s[2], "GR001", "unknown-ref", 40));
    auto y = lint::find_suppressions("a.yml", "a: 1 # dpipe:ignore CF003\nb: '-- dpipe:ignore CF004'\n", false);
    REQUIRE(y.size() == 1);
    CHECK(y[0].code == "CF003");
}

TEST_CASE("fixes: non-overlapping edits apply, Jinja is never touched, a finding is all or nothing") {
    std::string text = "SELECT {{ ref('A') }} FROM x";
    lint::Reported upper{"ST001", "keyword-case", core::Severity::Warning, {}};
    upper.finding.fix = {{0, 6, "select"}, {22, 26, "from"}};
    lint::Reported jinja{"ST001", "keyword-case", core::Severity::Warning, {}};
    jinja.finding.fix = {{10, 13, "REF"}};
    lint::Reported overlapping{"ST001", "keyword-case", core::Severity::Warning, {}};
    overlapping.finding.fix = {{2, 4, "xx"}};
    std::size_t applied = 0;
    std::vector<std::string> codes;
    std::string out = lint::apply_edits(text, {&upper, &jinja, &overlapping}, applied, codes);
    CHECK(out == "select {{ ref('A') }} from x");
    CHECK(applied == 1);
}

TEST_CASE("engine: findings, scope by path, suppression and unused suppression") {
    std::map<std::string, std::string> files{
        {"dpipe.yaml", k_yaml},
        {"models/a.sql", "select 1 as id from {{ ref('nope') }}\n"},
        {"models/b.sql", "-- dpipe:ignore GR001\nselect 1 as id from {{ ref('gone') }}\n"},
        {"models/c.sql", "select 1 as id -- dpipe:ignore GR001\n"},
    };
    lint::LintOptions opts;
    opts.only_rules = {"GR001", "unused-suppression"};
    auto all = lint_memory(files, opts);
    CHECK(all.result.config_errors.empty());
    CHECK(codes_at(all.result) ==
          std::vector<std::string>{"GR001@models/a.sql:1:24", "CF009@models/c.sql:1:32"});
    CHECK(all.result.suppressed == 1);

    opts.paths = {"models/c.sql"};
    auto one = lint_memory(files, opts);
    CHECK(codes_at(one.result) == std::vector<std::string>{"CF009@models/c.sql:1:32"});
}

TEST_CASE("engine: configuration errors are located, include and exclude globs") {
    std::string yaml = std::string(k_yaml) +
                       "lint:\n  rules:\n    GR001: { severity: info }\n    GR012: { max_children: true }\n"
                       "  exclude: [\"models/legacy/**\"]\n";
    auto bad = lint_memory({{"dpipe.yaml", yaml}, {"models/a.sql", "select 1 as id\n"}});
    REQUIRE(bad.result.config_errors.size() == 1);
    CHECK(bad.result.config_errors[0].loc == core::SourceLoc{"dpipe.yaml", 7, 28});

    std::string good = std::string(k_yaml) +
                       "lint:\n  rules:\n    GR001: { severity: info }\n  exclude: [\"models/legacy/**\"]\n";
    lint::LintOptions opts;
    opts.only_rules = {"GR001"};
    auto r = lint_memory({{"dpipe.yaml", good},
                          {"models/legacy/old.sql", "select 1 as id from {{ ref('x') }}\n"},
                          {"models/new.sql", "select 1 as id from {{ ref('y') }}\n"}},
                         opts);
    REQUIRE(r.result.findings.size() == 1);
    CHECK(r.result.findings[0].finding.loc.file == "models/new.sql");
    CHECK(r.result.findings[0].severity == core::Severity::Info);
}

TEST_CASE("registry: codes unique and sorted, every rule documented") {
    const auto& rules = lint::all_rules();
    REQUIRE(rules.size() >= 25);
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const auto& info = rules[i]->info();
        INFO(info.code);
        CHECK_FALSE(info.summary.empty());
        CHECK_FALSE(info.anti_pattern.empty());
        CHECK_FALSE(info.best_practice.empty());
        CHECK(lint::find_rule(info.code) == rules[i].get());
        CHECK(lint::find_rule(info.name) == rules[i].get());
        if (i > 0) {
            CHECK(rules[i - 1]->info().code < info.code);
        }
    }
}
