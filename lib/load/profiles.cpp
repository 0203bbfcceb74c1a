// profiles.yml, found and read as dbt does, for the target (name, type, schema, database) and the
// dialect. Only those keys are rendered and kept; credentials are registered with the redactor.

#include "load/dbt_render.hpp"
#include "load/load_context.hpp"

#include "sql/dialect.hpp"
#include "util/redact.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <array>
#include <filesystem>

namespace dpipe::load {

namespace fs = std::filesystem;

namespace {

// dbt adapter types and the dialect each is read as. `dialect` is tried first (it may not exist
// in lib/sql yet); `fallback` is used, with a warning, when it does not.
struct AdapterDialect {
    std::string_view adapter;
    std::string_view dialect;
    std::string_view fallback;
    std::string_view why; // why the fallback is the nearest
};

constexpr std::array<AdapterDialect, 30> k_adapters = {{
    {"postgres", "postgres", "", ""},
    {"snowflake", "snowflake", "", ""},
    {"bigquery", "bigquery", "", ""},
    {"duckdb", "duckdb", "", ""},
    {"sqlite", "sqlite", "", ""},
    {"trino", "trino", "", ""},
    {"starburst", "trino", "", ""},
    {"presto", "trino", "", ""},
    {"athena", "trino", "", ""},
    {"redshift", "redshift", "postgres", "Redshift's SQL derives from PostgreSQL"},
    {"materialize", "postgres", "", ""},
    {"risingwave", "postgres", "", ""},
    {"greenplum", "postgres", "", ""},
    {"alloydb", "postgres", "", ""},
    {"databricks", "databricks", "bigquery", "same lexical rules: `name` identifiers, \"text\" strings"},
    {"spark", "databricks", "bigquery", "same lexical rules: `name` identifiers, \"text\" strings"},
    {"glue", "databricks", "bigquery", "same lexical rules: `name` identifiers, \"text\" strings"},
    {"hive", "databricks", "bigquery", "same lexical rules: `name` identifiers, \"text\" strings"},
    {"impala", "databricks", "bigquery", "same lexical rules: `name` identifiers, \"text\" strings"},
    {"mysql", "mysql", "bigquery", "same lexical rules: `name` identifiers, \"text\" strings"},
    {"mariadb", "mysql", "bigquery", "same lexical rules: `name` identifiers, \"text\" strings"},
    {"singlestore", "mysql", "bigquery", "same lexical rules: `name` identifiers, \"text\" strings"},
    {"tidb", "mysql", "bigquery", "same lexical rules: `name` identifiers, \"text\" strings"},
    {"sqlserver", "sqlserver", "sqlite", "same identifier quoting: [name] and \"name\""},
    {"fabric", "sqlserver", "sqlite", "same identifier quoting: [name] and \"name\""},
    {"synapse", "sqlserver", "sqlite", "same identifier quoting: [name] and \"name\""},
    {"clickhouse", "clickhouse", "ansi", ""},
    {"oracle", "oracle", "ansi", ""},
    {"teradata", "teradata", "ansi", ""},
    {"vertica", "vertica", "ansi", ""},
}};

std::optional<std::string> lookup_env(const LoadContext& ctx, const std::string& name) {
    if (ctx.options->env) {
        return ctx.options->env(name);
    }
    if (const char* v = std::getenv(name.c_str())) {
        return std::string(v);
    }
    return std::nullopt;
}

// Registers every literal string under a credential-like key (password, token, private_key,
// keyfile_json, client_secret, ...) anywhere in profiles.yml, so that no output shows it, even
// when a diagnostic quotes its line. Jinja ("{{ env_var('X') }}") is left alone: dpipe never
// renders credentials.
void register_credentials(const core::Json& value, bool secret) {
    if (value.is_object()) {
        for (const auto& [k, v] : value.items()) {
            register_credentials(v, secret || util::is_secret_name(k));
        }
    } else if (value.is_array()) {
        for (const auto& v : value) {
            register_credentials(v, secret);
        }
    } else if (secret && value.is_string() && !has_jinja(value.get_ref<const std::string&>())) {
        util::register_secret(value.get_ref<const std::string&>());
    }
}

// The same, line by line, for a profiles.yml that does not parse (a diagnostic quotes its lines):
// `key: value` where the key looks like a credential.
void register_credential_lines(std::string_view text) {
    for (std::string_view line : util::split(text, '\n')) {
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        std::string_view key = util::trim(line.substr(0, colon));
        while (!key.empty() && (key.front() == '-' || key.front() == ' ' || key.front() == '"' || key.front() == '\'')) {
            key.remove_prefix(1);
        }
        std::string_view value = util::trim(line.substr(colon + 1));
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
            value = value.substr(1, value.size() - 2);
        }
        if (!key.empty() && util::is_secret_name(key) && !value.empty() && !has_jinja(value)) {
            util::register_secret(value);
        }
    }
}

// A rendered scalar as text ("" when absent or not renderable; errors go to ctx.late).
std::string rendered_string(LoadContext& ctx, const ConfigRenderer& r, const Node& v) {
    if (v.is_null()) {
        return {};
    }
    core::Json value = v.json();
    if (value.is_string() && has_jinja(value.get_ref<const std::string&>())) {
        auto out = render_config_value(r, value.get_ref<const std::string&>(), v.loc());
        if (!out) {
            core::Diagnostic d = std::move(out.error());
            if (d.code == "TP006") {
                // Like a missing profile: the profile's variables are not set where dpipe runs
                // (CI, a laptop), and dpipe goes on with the key's default.
                d.severity = core::Severity::Warning;
                d.message += "; dpipe goes on without it";
            }
            ctx.late.push_back(std::move(d));
            return {};
        }
        value = std::move(*out);
    }
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_number() || value.is_boolean()) {
        return value.dump();
    }
    return {};
}

std::string first_of(LoadContext& ctx, const ConfigRenderer& r, const Node& output,
                     std::initializer_list<const char*> keys) {
    for (const char* k : keys) {
        if (std::string v = rendered_string(ctx, r, output[k]); !v.empty()) {
            return v;
        }
    }
    return {};
}

struct Location {
    std::string name;      // relative: read through the project's file source; absolute: from disk
    std::string described; // for messages
    bool found = false;
};

// dbt's order: --profiles-dir, DBT_PROFILES_DIR (each used even when it lacks the file), then the
// project folder, then ~/.dbt/.
Location find_profiles(LoadContext& ctx, std::vector<std::string>& looked) {
    std::error_code ec;
    auto in_dir = [&](const std::string& dir, const std::string& why) {
        fs::path file = fs::absolute(fs::path(dir) / "profiles.yml", ec);
        looked.push_back(file.string() + " (" + why + ")");
        return Location{file.string(), file.string(), fs::is_regular_file(file, ec)};
    };
    if (!ctx.options->profiles_dir.empty()) {
        return in_dir(ctx.options->profiles_dir, "--profiles-dir");
    }
    if (auto dir = lookup_env(ctx, "DBT_PROFILES_DIR"); dir && !dir->empty()) {
        return in_dir(*dir, "DBT_PROFILES_DIR");
    }
    looked.push_back("profiles.yml in the project folder");
    if (ctx.options->source->is_file("profiles.yml")) {
        return {"profiles.yml", "profiles.yml", true};
    }
    if (auto home = lookup_env(ctx, "HOME"); home && !home->empty()) {
        return in_dir((fs::path(*home) / ".dbt").string(), "~/.dbt");
    }
    return {};
}

// Without any profiles.yml where dbt looks by default (a CI machine, a first look at a project)
// dpipe works on with the defaults and says so at -v only; a profiles.yml that lacks the
// profile, or a folder given explicitly without one, is a warning.
void no_profile(LoadContext& ctx, const core::SourceLoc& at, std::string message, std::vector<std::string> notes,
                core::Severity severity = core::Severity::Warning) {
    core::Diagnostic d = make_warning("LD060", at, std::move(message));
    d.severity = severity;
    d.notes = std::move(notes);
    d.notes.push_back("dpipe goes on without it (dbt would stop): dialect from dpipe.yaml, else postgres");
    ctx.diags.push_back(std::move(d));
    ctx.profile_warned = true;
}

} // namespace

void load_profile(LoadContext& ctx, const std::string& profile_name, const core::SourceLoc& profile_loc) {
    core::Project& p = *ctx.project;
    core::Target& t = p.target;
    if (!ctx.options->target.empty()) {
        t.name = ctx.options->target;
    }
    std::vector<std::string> looked;
    Location where = find_profiles(ctx, looked);
    if (!where.found) {
        // Explicitly pointed at a folder (--profiles-dir, DBT_PROFILES_DIR) that lacks it: a warning.
        bool explicit_dir = !ctx.options->profiles_dir.empty();
        if (auto dir = lookup_env(ctx, "DBT_PROFILES_DIR"); dir && !dir->empty()) {
            explicit_dir = true;
        }
        no_profile(ctx, profile_loc, "profile '" + profile_name + "' not found: no profiles.yml",
                   {"looked in " + util::join(looked, ", ")},
                   explicit_dir ? core::Severity::Warning : core::Severity::Info);
        return;
    }
    std::size_t before = ctx.diags.size();
    ParseOptions po;
    po.tolerate_duplicate_keys = true; // dbt's file
    std::optional<Document> doc = read_config(ctx, where.name, false, std::nullopt, po);
    if (doc) {
        register_credentials(doc->root, false);
    } else {
        register_credential_lines(p.sources_text->get(where.name));
    }
    for (std::size_t i = before; i < ctx.diags.size(); ++i) {
        // A broken profiles.yml (often outside the project) does not stop the project's load.
        if (ctx.diags[i].severity == core::Severity::Error) {
            ctx.diags[i].severity = core::Severity::Warning;
            ctx.diags[i].notes.push_back("profiles.yml could not be read: dpipe goes on without a profile");
            ctx.profile_warned = true;
        }
    }
    if (!doc) {
        return;
    }
    Node root = doc->node();
    Node profile = root[profile_name];
    if (!profile.is_object()) {
        std::vector<std::string> names;
        root.each_member([&](std::string_view k, const Node&) {
            if (k != "config") {
                names.emplace_back(k);
            }
        });
        std::vector<std::string> notes = {"profiles in " + where.described + ": " +
                                          (names.empty() ? std::string("none") : util::join(names, ", "))};
        if (std::string best = util::closest_match(profile_name, names); !best.empty()) {
            notes.insert(notes.begin(), "did you mean '" + best + "'?");
        }
        no_profile(ctx, profile_loc, "profile '" + profile_name + "' not found in " + where.described, notes);
        return;
    }
    ConfigRenderer r;
    r.vars = &ctx.options->cli_vars;
    r.env = ctx.options->env;
    r.file_text = p.sources_text->get(where.name);
    if (ctx.options->target.empty()) {
        std::string named = rendered_string(ctx, r, profile["target"]);
        t.name = named.empty() ? "default" : named;
    }
    Node outputs = profile["outputs"];
    Node output = outputs[t.name];
    if (!output.is_object()) {
        std::vector<std::string> names;
        outputs.each_member([&](std::string_view k, const Node&) { names.emplace_back(k); });
        core::Diagnostic d = make_error("LD062", outputs.exists() ? outputs.key_loc() : profile.key_loc(),
                                        "profile '" + profile_name + "' has no target named '" + t.name + "'");
        if (std::string best = util::closest_match(t.name, names); !best.empty()) {
            d.notes.push_back("did you mean '" + best + "'?");
        }
        d.notes.push_back("targets: " + (names.empty() ? std::string("none") : util::join(names, ", ")));
        ctx.unknown_target = std::move(d); // unless dpipe.yaml has an environment of that name
        t.profile_name = profile_name;
        t.profiles_file = where.described;
        return;
    }
    t.profile_name = profile_name;
    t.profiles_file = where.described;
    t.type = util::to_lower(rendered_string(ctx, r, output["type"]));
    ctx.profile_type_loc = output["type"].exists() ? output["type"].loc() : output.key_loc();
    t.schema = first_of(ctx, r, output, {"schema", "dataset"});
    t.database = first_of(ctx, r, output, {"database", "dbname", "project", "catalog"});
    if (t.database.empty() && t.type == "duckdb") {
        // dbt-duckdb names the database after the file: "dev.duckdb" -> "dev", ":memory:" -> "memory".
        std::string path = rendered_string(ctx, r, output["path"]);
        t.database = path.empty() || path == ":memory:" ? "memory" : fs::path(path).stem().string();
        if (t.schema.empty()) {
            t.schema = "main";
        }
    }
    if (std::string threads = rendered_string(ctx, r, output["threads"]); !threads.empty()) {
        try {
            t.threads = std::max(1, std::stoi(threads));
        } catch (const std::exception&) {
            ctx.warning("LD012", output["threads"].loc(), "'threads' must be a number, got '" + threads + "'");
        }
    }
    if (t.type.empty()) {
        ctx.warning("LD061", output.key_loc(), "target '" + t.name + "' of profile '" + profile_name + "' has no 'type'");
    }
}

void apply_profile_dialect(LoadContext& ctx, bool dialect_in_dpipe_yaml) {
    core::Project& p = *ctx.project;
    const core::Target& t = p.target;
    if (ctx.unknown_target) {
        bool env_named = std::any_of(p.environments.begin(), p.environments.end(),
                                     [&](const core::Environment& e) { return e.name == t.name; });
        if (!env_named) {
            ctx.late.push_back(std::move(*ctx.unknown_target));
        }
        ctx.unknown_target.reset();
    }
    if (dialect_in_dpipe_yaml) {
        return;
    }
    if (t.type.empty()) {
        if (t.profile_name.empty() && !ctx.profile_warned) {
            ctx.diags.push_back({core::Severity::Info, "LD063", {p.config_file, 0, 0},
                                 "no dbt profile: dialect " + p.dialect + " assumed",
                                 {"set `dialect:` in dpipe.yaml, or give dbt_project.yml a `profile:` found in "
                                  "profiles.yml (--profiles-dir, DBT_PROFILES_DIR, the project folder, ~/.dbt)"}});
        }
        return;
    }
    const core::SourceLoc& at = ctx.profile_type_loc;
    for (const auto& a : k_adapters) {
        if (a.adapter != t.type) {
            continue;
        }
        if (sql::parse_dialect(a.dialect)) {
            p.dialect = std::string(a.dialect);
            return;
        }
        p.dialect = std::string(a.fallback);
        core::Diagnostic d = make_warning("LD061", at,
                                          "dpipe has no " + std::string(a.dialect) + " dialect (adapter type '" +
                                              t.type + "'): reading the SQL as " + p.dialect);
        if (!a.why.empty()) {
            d.notes.push_back(std::string(a.why));
        }
        d.notes.push_back("set `dialect:` in dpipe.yaml to choose another");
        ctx.diags.push_back(std::move(d));
        return;
    }
    if (auto d = sql::parse_dialect(t.type)) {
        p.dialect = sql::dialect_name(*d);
        return;
    }
    p.dialect = "ansi";
    core::Diagnostic d = make_warning("LD061", at,
                                      "dpipe has no dialect for adapter type '" + t.type + "': reading the SQL as ansi");
    d.notes.push_back("set `dialect:` in dpipe.yaml to choose another");
    ctx.diags.push_back(std::move(d));
}

} // namespace dpipe::load
