// profiles.yml found and read as dbt does: search order, target, dialect from the adapter type,
// the notice without a profile, and credentials that never reach an output.

#include "load/loader.hpp"
#include "sql/dialect.hpp"
#include "util/file_source.hpp"
#include "util/redact.hpp"

#include "load_test_support.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <set>

using namespace dpipe;
using load::testing::TempProject;

namespace {

using Files = std::map<std::string, std::string>;
using EnvMap = std::map<std::string, std::string>;

struct Run {
    load::LoadResult result;
    std::set<std::string> env_read; // every variable the load asked for
};

Run load_memory(const util::MemorySource& source, load::LoadOptions options = {}, EnvMap env = {}) {
    auto read = std::make_shared<std::set<std::string>>();
    options.source = &source;
    options.root = "/project";
    options.env = [env, read](const std::string& name) -> std::optional<std::string> {
        read->insert(name);
        auto it = env.find(name);
        return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    Run run{load::load_project(options), {}};
    run.env_read = *read;
    return run;
}

std::string profile(const std::string& type, const std::string& schema, const std::string& extra = "") {
    return "shop:\n  target: dev\n  outputs:\n    dev:\n      type: " + type + "\n      schema: " + schema +
           "\n      threads: 4\n" + extra + "    prod:\n      type: " + type +
           "\n      schema: analytics_prod\n      database: warehouse\n";
}

const core::Diagnostic* find(const load::LoadResult& r, const std::string& code) {
    for (const auto& d : r.diagnostics) {
        if (d.code == code) {
            return &d;
        }
    }
    return nullptr;
}

std::string all_headlines(const load::LoadResult& r) {
    std::string out;
    for (const auto& d : r.diagnostics) {
        out += d.headline() + "\n";
        for (const auto& n : d.notes) {
            out += "  note: " + n + "\n";
        }
    }
    return out;
}

const std::string k_project = "name: shop\nprofile: shop\n";

} // namespace

TEST_CASE("profiles.yml is found in dbt's order", "[load][profiles]") {
    TempProject flag_dir, env_dir, home;
    flag_dir.write("profiles.yml", profile("snowflake", "from_flag"));
    env_dir.write("profiles.yml", profile("bigquery", "from_env"));
    home.write(".dbt/profiles.yml", profile("duckdb", "from_home"));
    util::MemorySource in_project(Files{{"dbt_project.yml", k_project}, {"profiles.yml", profile("trino", "from_project")}});
    util::MemorySource no_file(Files{{"dbt_project.yml", k_project}});
    EnvMap env = {{"DBT_PROFILES_DIR", env_dir.root().string()}, {"HOME", home.root().string()}};

    SECTION("--profiles-dir first") {
        load::LoadOptions o;
        o.profiles_dir = flag_dir.root().string();
        auto r = load_memory(in_project, o, env).result;
        CHECK(r.project.target.schema == "from_flag");
        CHECK(r.project.dialect == "snowflake");
        CHECK(r.project.target.profiles_file == (flag_dir.root() / "profiles.yml").string());
    }
    SECTION("then DBT_PROFILES_DIR") {
        auto r = load_memory(in_project, {}, env).result;
        CHECK(r.project.target.schema == "from_env");
        CHECK(r.project.dialect == "bigquery");
    }
    SECTION("then the project folder") {
        auto r = load_memory(in_project, {}, {{"HOME", home.root().string()}}).result;
        CHECK(r.project.target.schema == "from_project");
        CHECK(r.project.target.profiles_file == "profiles.yml");
        CHECK(r.project.dialect == "trino");
    }
    SECTION("then ~/.dbt") {
        auto r = load_memory(no_file, {}, {{"HOME", home.root().string()}}).result;
        CHECK(r.project.target.schema == "from_home");
        CHECK(r.project.dialect == "duckdb");
    }
    SECTION("DBT_PROFILES_DIR without a profiles.yml does not fall back, as in dbt: a warning") {
        TempProject empty;
        auto r = load_memory(in_project, {}, {{"DBT_PROFILES_DIR", empty.root().string()}}).result;
        CHECK_FALSE(r.has_errors());
        const auto* d = find(r, "LD060");
        REQUIRE(d != nullptr);
        CHECK(d->severity == core::Severity::Warning);
        CHECK(d->loc.file == "dbt_project.yml");
        CHECK(d->loc.line == 2);
        CHECK(r.project.target.profile_name.empty());
    }
}

TEST_CASE("the real process environment is used when no lookup is given", "[load][profiles]") {
    TempProject dir;
    dir.write("profiles.yml", profile("snowflake", "from_real_env"));
    util::MemorySource source(Files{{"dbt_project.yml", k_project}});
    ::setenv("DBT_PROFILES_DIR", dir.root().c_str(), 1);
    load::LoadOptions o;
    o.source = &source;
    o.root = "/project";
    auto r = load::load_project(o);
    ::unsetenv("DBT_PROFILES_DIR");
    CHECK(r.project.target.schema == "from_real_env");
}

TEST_CASE("the target option selects the profile output and the default is the profile's target", "[load][profiles]") {
    util::MemorySource source(Files{{"dbt_project.yml", k_project}, {"profiles.yml", profile("postgres", "dbt_me")}});
    SECTION("default") {
        auto r = load_memory(source).result;
        const auto& t = r.project.target;
        CHECK(t.name == "dev");
        CHECK(t.profile_name == "shop");
        CHECK(t.type == "postgres");
        CHECK(t.schema == "dbt_me");
        CHECK(t.threads == 4);
    }
    SECTION("--target prod") {
        load::LoadOptions o;
        o.target = "prod";
        auto r = load_memory(source, o).result;
        const auto& t = r.project.target;
        CHECK(t.name == "prod");
        CHECK(t.schema == "analytics_prod");
        CHECK(t.database == "warehouse");
        CHECK(t.threads == 1);
    }
    SECTION("an unknown --target is an error naming the targets, and the project still loads") {
        load::LoadOptions o;
        o.target = "prd";
        auto r = load_memory(source, o).result;
        CHECK(r.has_errors());
        CHECK_FALSE(r.config_failed);
        const auto* d = find(r, "LD062");
        REQUIRE(d != nullptr);
        CHECK(d->headline() == "profiles.yml:3:3: error: profile 'shop' has no target named 'prd' [LD062]");
        CHECK(d->notes == std::vector<std::string>{"did you mean 'prod'?", "targets: dev, prod"});
    }
    SECTION("a target that is a dpipe.yaml environment is not an error") {
        util::MemorySource with_env(Files{{"dbt_project.yml", k_project},
                                     {"profiles.yml", profile("postgres", "dbt_me")},
                                     {"dpipe.yaml", "version: 1\nname: shop\nenvironments:\n  ci: {schema: ci_schema}\n"}});
        load::LoadOptions o;
        o.target = "ci";
        auto r = load_memory(with_env, o).result;
        INFO(all_headlines(r));
        CHECK_FALSE(r.has_errors());
        CHECK(r.project.target.name == "ci");
    }
    SECTION("a profile without `target:` uses the output named default") {
        util::MemorySource no_default(Files{{"dbt_project.yml", k_project},
                                       {"profiles.yml", "shop:\n  outputs:\n    default: {type: snowflake, schema: s}\n"}});
        auto r = load_memory(no_default).result;
        CHECK(r.project.target.name == "default");
        CHECK(r.project.dialect == "snowflake");
    }
}

TEST_CASE("Jinja in profiles.yml: env_var and --vars, for the keys dpipe reads", "[load][profiles]") {
    util::MemorySource source(Files{
        {"dbt_project.yml", "name: shop\nprofile: \"{{ env_var('DBT_PROFILE', 'shop') }}\"\n"},
        {"profiles.yml", "shop:\n  target: \"{{ env_var('DBT_TARGET', 'dev') }}\"\n  outputs:\n"
                         "    ci:\n      type: \"{{ var('adapter', 'postgres') }}\"\n"
                         "      schema: \"{{ env_var('DBT_SCHEMA') }}\"\n"
                         "      user: \"{{ env_var('DBT_USER') }}\"\n"
                         "      password: \"{{ env_var('DBT_PASSWORD') }}\"\n"},
    });
    load::LoadOptions o;
    o.cli_vars = {{"adapter", "snowflake"}};
    auto run = load_memory(source, o, {{"DBT_TARGET", "ci"}, {"DBT_SCHEMA", "ci_42"}, {"DBT_PASSWORD", "x"}});
    const auto& r = run.result;
    INFO(all_headlines(r));
    CHECK_FALSE(r.has_errors());
    CHECK(r.project.target.name == "ci");
    CHECK(r.project.target.schema == "ci_42");
    CHECK(r.project.dialect == "snowflake");
    // Only what dpipe needs is rendered: the credentials' variables are never read.
    CHECK(run.env_read.count("DBT_SCHEMA") == 1);
    CHECK(run.env_read.count("DBT_PASSWORD") == 0);
    CHECK(run.env_read.count("DBT_USER") == 0);
}

TEST_CASE("a profile's env var that is not set is a warning, the key keeps its default", "[load][profiles]") {
    util::MemorySource source(Files{
        {"dbt_project.yml", "name: shop\nprofile: shop\n"},
        {"profiles.yml", "shop:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n"
                         "      schema: \"{{ env_var('DBT_SCHEMA') }}\"\n"},
    });
    auto r = load_memory(source).result;
    INFO(all_headlines(r));
    CHECK_FALSE(r.has_errors());
    const auto* d = find(r, "TP006");
    REQUIRE(d != nullptr);
    CHECK(d->headline() == "profiles.yml:6:19: warning: Env var required but not provided: 'DBT_SCHEMA'; dpipe goes "
                           "on without it [TP006]");
    CHECK(r.project.dialect == "postgres");
}

TEST_CASE("the dialect comes from the adapter type", "[load][profiles]") {
    auto dialect_of = [](const std::string& type, std::string* warning = nullptr) {
        util::MemorySource source(Files{{"dbt_project.yml", k_project}, {"profiles.yml", profile(type, "s")}});
        auto r = load_memory(source).result;
        if (const auto* d = find(r, "LD061"); d != nullptr && warning != nullptr) {
            *warning = d->headline();
        }
        return r.project.dialect;
    };
    CHECK(dialect_of("postgres") == "postgres");
    CHECK(dialect_of("snowflake") == "snowflake");
    CHECK(dialect_of("bigquery") == "bigquery");
    CHECK(dialect_of("duckdb") == "duckdb");
    CHECK(dialect_of("sqlite") == "sqlite");
    CHECK(dialect_of("trino") == "trino");
    CHECK(dialect_of("athena") == "trino");
    CHECK(dialect_of("Snowflake") == "snowflake");

    SECTION("every dialect chosen is one lib/sql knows") {
        for (const char* type : {"redshift", "databricks", "spark", "clickhouse", "sqlserver", "fabric", "mysql",
                                 "oracle", "materialize", "some_new_adapter"}) {
            INFO(type);
            CHECK(sql::parse_dialect(dialect_of(type)).has_value());
        }
    }
    SECTION("an adapter without a dpipe dialect: a warning naming the fallback") {
        if (!sql::parse_dialect("redshift")) {
            std::string warning;
            CHECK(dialect_of("redshift", &warning) == "postgres");
            CHECK(warning == "profiles.yml:5:13: warning: dpipe has no redshift dialect (adapter type 'redshift'): "
                             "reading the SQL as postgres [LD061]");
        }
        std::string warning;
        CHECK(dialect_of("some_new_adapter", &warning) == "ansi");
        CHECK(warning == "profiles.yml:5:13: warning: dpipe has no dialect for adapter type 'some_new_adapter': "
                         "reading the SQL as ansi [LD061]");
    }
    SECTION("dpipe.yaml's dialect wins over the profile") {
        util::MemorySource source(Files{{"dbt_project.yml", k_project},
                                   {"profiles.yml", profile("snowflake", "s")},
                                   {"dpipe.yaml", "version: 1\nname: shop\ndialect: duckdb\n"}});
        auto r = load_memory(source).result;
        CHECK(r.project.dialect == "duckdb");
        CHECK(r.project.target.type == "snowflake");
    }
}

TEST_CASE("without a profile: an info notice saying which dialect was assumed", "[load][profiles]") {
    SECTION("no profile key") {
        util::MemorySource source(Files{{"dbt_project.yml", "name: shop\n"}});
        auto r = load_memory(source).result;
        const auto* d = find(r, "LD063");
        REQUIRE(d != nullptr);
        CHECK(d->severity == core::Severity::Info);
        CHECK(d->message == "no dbt profile: dialect postgres assumed");
        CHECK(r.project.dialect == "postgres");
        CHECK(r.project.target.name == "dev");
        CHECK(r.project.target.profile_name.empty());
    }
    SECTION("a profile named but no profiles.yml anywhere: an info notice, not fatal") {
        util::MemorySource source(Files{{"dbt_project.yml", k_project}, {"models/a.sql", "select 1\n"}});
        auto r = load_memory(source).result;
        CHECK_FALSE(r.has_errors());
        CHECK(r.project.find_model("a") != nullptr);
        REQUIRE(find(r, "LD060") != nullptr);
        CHECK(find(r, "LD060")->headline() ==
              "dbt_project.yml:2:10: info: profile 'shop' not found: no profiles.yml [LD060]");
        CHECK(find(r, "LD063") == nullptr);
    }
    SECTION("the profile is not in profiles.yml") {
        util::MemorySource source(Files{{"dbt_project.yml", k_project}, {"profiles.yml", "shopp:\n  outputs: {}\n"}});
        auto r = load_memory(source).result;
        const auto* d = find(r, "LD060");
        REQUIRE(d != nullptr);
        CHECK(d->message == "profile 'shop' not found in profiles.yml");
        CHECK(d->notes.front() == "did you mean 'shopp'?");
    }
    SECTION("dpipe.yaml sets the dialect: no notice") {
        util::MemorySource source(Files{{"dpipe.yaml", "version: 1\nname: shop\ndialect: snowflake\n"}});
        auto r = load_memory(source).result;
        CHECK(find(r, "LD063") == nullptr);
        CHECK(r.project.dialect == "snowflake");
    }
}

TEST_CASE("credentials in profiles.yml never reach an output", "[load][profiles][secrets]") {
    const std::string password = "s3cr3t-profile-pw-5521";
    const std::string key_line = "s3cr3t-profile-key-7731";
    util::MemorySource source(Files{
        {"dbt_project.yml", k_project},
        {"profiles.yml", "shop:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n      schema: s\n"
                         "      password: " + password + "\n      threads: many\n"
                         "      keyfile_json:\n        private_key: \"" + key_line + "\"\n"},
    });
    auto r = load_memory(source).result;
    // threads: many is a located warning whose excerpt shows profiles.yml's lines.
    REQUIRE(find(r, "LD012") != nullptr);
    CHECK(util::redact("password: " + password) == "password: ****");
    CHECK(util::redact(key_line) == "****");
    for (const auto& d : r.diagnostics) {
        CHECK(d.headline().find(password) == std::string::npos);
    }

    SECTION("also when profiles.yml does not parse") {
        const std::string broken_pw = "s3cr3t-profile-broken-9904";
        util::MemorySource bad(Files{{"dbt_project.yml", k_project},
                                {"profiles.yml", "shop:\n  outputs:\n    dev:\n      password: \"" + broken_pw +
                                                     "\"\n     type: [postgres\n"}});
        auto b = load_memory(bad).result;
        CHECK_FALSE(b.has_errors()); // a broken profiles.yml is a warning
        CHECK(util::redact(broken_pw) == "****");
    }
}
