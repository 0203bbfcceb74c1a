#include "plan/plan.hpp"
#include "plan/render.hpp"
#include "util/files.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace fs = std::filesystem;
using dpipe::plan::ChangeKind;
using dpipe::plan::Classification;
using dpipe::plan::NodeChange;
using dpipe::plan::Plan;

namespace {

fs::path temp_dir() {
    std::string tmpl = (fs::temp_directory_path() / "dpipe-plan-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    return tmpl;
}

int sh(const fs::path& dir, const std::string& cmd) {
    return std::system(("cd '" + dir.string() + "' && " + cmd + " >/dev/null 2>&1").c_str());
}

void put(const fs::path& file, const std::string& bytes) {
    REQUIRE(dpipe::util::write_file_atomic(file, bytes).ok());
}

const std::string k_commit = "git -c user.email=t@e -c user.name=t commit -q";

// A small dbt project committed on main: a source, a staging model, two marts and an exposure.
struct Repo {
    fs::path dir = temp_dir();
    Repo() {
        REQUIRE(sh(dir, "git init -q -b main") == 0);
        put(dir / "dbt_project.yml", "name: shop\nvars:\n  rate: 1\n");
        put(dir / "macros" / "m.sql", "{% macro dollars(c) %}{{ c }} / 100{% endmacro %}\n");
        put(dir / "models" / "sources.yml",
            "version: 2\nsources:\n  - name: raw\n    tables:\n      - name: orders\n        "
            "columns:\n"
            "          - name: id\n          - name: cents\n          - name: status\n");
        put(dir / "models" / "stg.sql", "select id, {{ dollars('cents') }} as amount, status\nfrom "
                                        "{{ source('raw', 'orders') }}\n");
        put(dir / "models" / "orders.sql",
            "select id, amount * {{ var('rate') }} as amount_usd from {{ ref('stg') }}\n");
        put(dir / "models" / "report.sql",
            "select id, amount_usd from {{ ref('orders') }} where amount_usd > 0\n");
        put(dir / "models" / "exposures.yml",
            "version: 2\nexposures:\n  - name: board\n    type: dashboard\n    owner:\n      name: "
            "Ann\n"
            "      email: ann@example.com\n    depends_on:\n      - ref('report')\n");
        put(dir / "CODEOWNERS", "* @acme/data\n");
        commit("base");
        REQUIRE(sh(dir, "git checkout -q -b feature") == 0);
    }
    ~Repo() { fs::remove_all(dir); }
    void commit(const std::string& message) const {
        REQUIRE(sh(dir, "git add -A && " + k_commit + " -m " + message) == 0);
    }
};

dpipe::plan::PlanRun plan_of(const Repo& repo, const std::string& head = "") {
    dpipe::plan::PlanRequest req;
    req.project_dir = repo.dir.string();
    req.head = head;
    req.jobs = 1;
    auto run = dpipe::plan::make_plan(req);
    if (!run.ok()) {
        FAIL(run.error().message);
    }
    return std::move(*run);
}

const NodeChange& change_of(const Plan& plan, const std::string& name) {
    for (const auto& c : plan.changes) {
        if (c.name == name) {
            return c;
        }
    }
    FAIL("no change of " << name);
    throw;
}

bool mentions(const std::vector<std::string>& lines, const std::string& part) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& l) { return l.find(part) != std::string::npos; });
}

} // namespace

TEST_CASE("a column read downstream removed is breaking, with its readers and the impact") {
    Repo repo;
    put(repo.dir / "models" / "stg.sql", "select id, status\nfrom {{ source('raw', 'orders') }}\n");
    auto run = plan_of(repo);
    const auto& stg = change_of(run.plan, "stg");
    CHECK(stg.kind == ChangeKind::Modified);
    CHECK(stg.classification == Classification::Breaking);
    REQUIRE(stg.columns.size() == 1);
    CHECK(stg.columns[0].column == "amount");
    CHECK(stg.columns[0].change == "removed");
    CHECK(stg.columns[0].read_by == std::vector<std::string>{"orders.amount_usd"});
    // Downstream with distances: orders 1, report 2, the exposure 3.
    REQUIRE(run.plan.impacted.size() == 3);
    CHECK(run.plan.impacted[0].name == "orders");
    CHECK(run.plan.impacted[0].distance == 1);
    CHECK(run.plan.impacted[2].name == "board");
    CHECK(run.plan.impacted[2].distance == 3);
    CHECK(run.plan.exposures.size() == 1);
    CHECK(run.plan.selector == "stg+");
    std::vector<std::string> owners;
    for (const auto& o : run.plan.owners) {
        owners.push_back(o.who);
    }
    CHECK(owners == std::vector<std::string>{"@acme/data", "ann@example.com"});
}

TEST_CASE("base lineage is traced only for what changed, its readers and its upstream") {
    Repo repo;
    put(repo.dir / "models" / "orders.sql",
        "select id, amount * {{ var('rate') }} as amount_usd, 1 as v from {{ ref('stg') }}\n");
    auto run = plan_of(repo);
    auto base_id = [&](const std::string& uid) {
        const auto* id = run.base.graph.find_unique_id(uid);
        REQUIRE(id != nullptr);
        return *id;
    };
    const auto& models = run.base_lineage.models;
    CHECK(models[base_id("model.shop.orders")].analysed); // changed
    CHECK(models[base_id("model.shop.report")].analysed); // reads it
    CHECK(models[base_id("model.shop.stg")].analysed);    // upstream
    CHECK(change_of(run.plan, "orders").classification == Classification::NonBreaking);
    REQUIRE(run.plan.changes.size() == 1);

    // A change to a file no node owns (a macro) compares and traces everything.
    put(repo.dir / "macros" / "m.sql", "{% macro dollars(c) %}{{ c }} / 1000{% endmacro %}\n");
    auto all = plan_of(repo);
    CHECK(change_of(all.plan, "stg").facets == std::vector<std::string>{"logic"});
}

TEST_CASE("an edit to one model skips every unchanged pair, and its readers are still named") {
    Repo repo;
    put(repo.dir / "models" / "stg.sql", "select id, status\nfrom {{ source('raw', 'orders') }}\n");
    auto run = plan_of(repo);
    REQUIRE(run.plan.changes.size() == 1);
    const auto* report = run.base.graph.find_unique_id("model.shop.report");
    REQUIRE(report != nullptr);
    CHECK_FALSE(run.base_lineage.models[*report].analysed); // neither changed nor a reader
    CHECK(change_of(run.plan, "stg").columns[0].read_by ==
          std::vector<std::string>{"orders.amount_usd"});
}

TEST_CASE("a property file git ignores still changes the nodes it declares") {
    Repo repo;
    put(repo.dir / ".git" / "info" / "exclude", "models/local.yml\n");
    put(repo.dir / "models" / "local.yml",
        "version: 2\nmodels:\n  - name: report\n    description: Local notes.\n");
    auto run = plan_of(repo);
    const auto& report = change_of(run.plan, "report");
    CHECK(report.facets == std::vector<std::string>{"metadata"});
}

TEST_CASE("a column added is non-breaking and renaming a column nobody reads too") {
    Repo repo;
    put(repo.dir / "models" / "stg.sql", "select id, {{ dollars('cents') }} as amount, status as "
                                         "state, 1 as v\nfrom {{ source('raw', 'orders') }}\n");
    auto run = plan_of(repo);
    const auto& stg = change_of(run.plan, "stg");
    CHECK(stg.classification == Classification::NonBreaking);
    REQUIRE(stg.columns.size() == 2);
    CHECK(stg.columns[0].change == "renamed");
    CHECK(stg.columns[0].column == "status");
    CHECK(stg.columns[0].new_name == "state");
    CHECK(stg.columns[1].change == "added");
    CHECK(stg.columns[1].column == "v");
}

TEST_CASE("a changed filter of a model with dependants is breaking") {
    Repo repo;
    put(repo.dir / "models" / "orders.sql", "select id, amount * {{ var('rate') }} as amount_usd "
                                            "from {{ ref('stg') }} where status = 'paid'\n");
    auto run = plan_of(repo);
    const auto& orders = change_of(run.plan, "orders");
    CHECK(orders.classification == Classification::Breaking);
    CHECK(orders.reason.find("filters") != std::string::npos);
}

TEST_CASE("reading another table by name that is no ref or source changes the columns from it") {
    Repo repo;
    REQUIRE(sh(repo.dir, "git checkout -q main") == 0);
    put(repo.dir / "models" / "events.sql", "select user_id, kind from raw_db.web.clicks\n");
    put(repo.dir / "models" / "buyers.sql", "select user_id from {{ ref('events') }} where kind = 'buy'\n");
    repo.commit("events");
    REQUIRE(sh(repo.dir, "git checkout -q -b views") == 0);
    put(repo.dir / "models" / "events.sql", "select user_id, kind from raw_db.web.views\n");
    auto run = plan_of(repo);
    const auto& events = change_of(run.plan, "events");
    CHECK(events.classification == Classification::Breaking);
    REQUIRE(events.columns.size() == 2);
    CHECK(events.columns[0].column == "user_id");
    CHECK(events.columns[0].change == "expression");
    CHECK(events.columns[0].read_by == std::vector<std::string>{"buyers.user_id"});
    CHECK(events.columns[1].read_by == std::vector<std::string>{"buyers (filter)"});
}

TEST_CASE("whitespace and comment edits change nothing") {
    Repo repo;
    put(repo.dir / "models" / "stg.sql",
        "-- staging\nselect id ,\n    {{ dollars('cents') }} as amount, /* why */ status\nfrom {{ "
        "source('raw', 'orders') }}\n");
    auto run = plan_of(repo);
    CHECK(run.plan.changes.empty());
    CHECK(run.plan.files_without_effect == std::vector<std::string>{"models/stg.sql"});
}

TEST_CASE("a macro or var change reaches the models whose rendered SQL changed") {
    Repo repo;
    put(repo.dir / "macros" / "m.sql", "{% macro dollars(c) %}{{ c }} / 100.0{% endmacro %}\n");
    put(repo.dir / "dbt_project.yml", "name: shop\nvars:\n  rate: 2\n");
    auto run = plan_of(repo);
    REQUIRE(run.plan.changes.size() == 2);
    for (const char* name : {"stg", "orders"}) {
        const auto& c = change_of(run.plan, name);
        CHECK(c.facets == std::vector<std::string>{"logic"});
        CHECK(mentions(c.details, "while the file did not"));
        CHECK(c.classification == Classification::Breaking);
    }
}

TEST_CASE("YAML-only changes are metadata and a model moved keeps its identity") {
    Repo repo;
    put(repo.dir / "models" / "props.yml",
        "version: 2\nmodels:\n  - name: report\n    description: The report.\n");
    repo.commit("docs");
    REQUIRE(sh(repo.dir,
               "mkdir -p models/marts && git mv models/orders.sql models/marts/orders.sql") == 0);
    auto run = plan_of(repo);
    const auto& report = change_of(run.plan, "report");
    CHECK(report.classification == Classification::Metadata);
    CHECK(report.facets == std::vector<std::string>{"metadata"});
    const auto& orders = change_of(run.plan, "orders");
    CHECK(orders.kind == ChangeKind::Moved);
    CHECK(orders.old_path == "models/orders.sql");
    CHECK(orders.path == "models/marts/orders.sql");
    // Metadata changes impact nothing.
    CHECK(run.plan.impacted.empty());
}

TEST_CASE("a model deleted while others read it is breaking and a test added is listed to run") {
    Repo repo;
    fs::remove(repo.dir / "models" / "report.sql");
    put(repo.dir / "models" / "props.yml", "version: 2\nmodels:\n  - name: orders\n    columns:\n  "
                                           "    - name: id\n        tests: [not_null]\n");
    auto run = plan_of(repo);
    const auto& report = change_of(run.plan, "report");
    CHECK(report.kind == ChangeKind::Removed);
    CHECK(report.classification == Classification::Breaking);
    const auto& test = change_of(run.plan, "not_null_orders_id");
    CHECK(test.kind == ChangeKind::Added);
    REQUIRE_FALSE(run.plan.tests.empty());
    CHECK(run.plan.tests[0].name == "not_null_orders_id");
}

TEST_CASE("a head revision compares only the branch's own commits after a rebase") {
    Repo repo;
    put(repo.dir / "models" / "stg.sql", "select id, {{ dollars('cents') }} as amount, status, 1 "
                                         "as v\nfrom {{ source('raw', 'orders') }}\n");
    repo.commit("feature");
    REQUIRE(sh(repo.dir, "git checkout -q main") == 0);
    put(repo.dir / "models" / "report.sql", "select id from {{ ref('orders') }}\n");
    repo.commit("main");
    REQUIRE(sh(repo.dir,
               "git checkout -q feature && git -c user.email=t@e -c user.name=t rebase -q main") ==
            0);
    auto run = plan_of(repo, "feature");
    REQUIRE(run.plan.changes.size() == 1);
    CHECK(run.plan.changes[0].name == "stg");
    CHECK_FALSE(run.plan.working_tree);
}

TEST_CASE("a shallow clone is refused with the fix named") {
    Repo repo;
    repo.commit("again --allow-empty");
    fs::path clone = temp_dir();
    REQUIRE(sh(clone, "git clone -q --depth 1 file://" + repo.dir.string() + " c") == 0);
    dpipe::plan::PlanRequest req;
    req.project_dir = (clone / "c").string();
    auto run = dpipe::plan::make_plan(req);
    REQUIRE_FALSE(run.ok());
    CHECK(run.error().message.find("fetch-depth: 0") != std::string::npos);
    fs::remove_all(clone);
}

TEST_CASE("the JSON output validates against schemas/plan-report.schema.json") {
    Repo repo;
    put(repo.dir / "models" / "stg.sql",
        "select id, status, 2 as v\nfrom {{ source('raw', 'orders') }}\n");
    REQUIRE(sh(repo.dir, "git mv models/report.sql models/report2.sql") == 0);
    auto run = plan_of(repo);
    auto doc = nlohmann::json::parse(dpipe::plan::render_json(run.plan));
    auto schema_text = dpipe::util::read_file(
        fs::path(DPIPE_SOURCE_DIR) / "schemas" / "plan-report.schema.json", 1 << 20);
    REQUIRE(schema_text.ok());
    auto schema_json = nlohmann::json::parse(*schema_text);
    valijson::Schema schema;
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter schema_adapter(schema_json);
    parser.populateSchema(schema_adapter, schema);
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter doc_adapter(doc);
    bool ok = validator.validate(schema, doc_adapter, &results);
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
        std::string where;
        for (const auto& p : error.context) {
            where += p;
        }
        UNSCOPED_INFO(where << ": " << error.description);
    }
    CHECK(ok);
    CHECK(doc["version"] == 1);
    CHECK(doc["summary"]["breaking"] == 2); // stg loses amount; report renamed under the exposure
    CHECK(doc["summary"]["moved"] == 1);
}

TEST_CASE("the markdown stays within its budget, cutting the least important parts first") {
    Plan plan;
    plan.base_ref = "main";
    plan.base_commit = std::string(40, 'a');
    for (int i = 0; i < 300; ++i) {
        NodeChange c;
        c.unique_id = "model.shop.m" + std::to_string(i);
        c.name = "m" + std::to_string(i);
        c.type = "model";
        c.path = "models/m" + std::to_string(i) + ".sql";
        c.kind = ChangeKind::Modified;
        c.classification = i % 2 == 0 ? Classification::Breaking : Classification::NonBreaking;
        c.reason = std::string(150, 'r');
        plan.changes.push_back(c);
        dpipe::plan::ImpactedNode n{"model.shop.d" + std::to_string(i),
                                    "d" + std::to_string(i),
                                    "model",
                                    "",
                                    "",
                                    1,
                                    c.unique_id};
        plan.impacted.push_back(n);
        plan.edges.emplace_back(c.unique_id, n.unique_id);
    }
    auto full = dpipe::plan::render_markdown(plan, {{}, 10'000'000});
    REQUIRE(full.ok());
    CHECK(full->cut.empty());
    CHECK(full->text.find("Showing 50 of 600 nodes") != std::string::npos);
    auto small = dpipe::plan::render_markdown(plan, {{}, 40'000});
    REQUIRE(small.ok());
    CHECK(small->text.size() <= 40'000);
    REQUIRE_FALSE(small->cut.empty());
    CHECK(small->cut[0] == "the list of impacted nodes");
    CHECK(small->text.rfind(dpipe::plan::k_comment_marker, 0) == 0);
    CHECK(small->text.find("left out:") != std::string::npos);
    auto bad = dpipe::plan::render_markdown(plan, {"{{#open}} never closed", 1000});
    CHECK_FALSE(bad.ok());
}

TEST_CASE("owners include the owner of each changed or impacted model's group") {
    Repo repo;
    put(repo.dir / "models" / "groups.yml",
        "version: 2\ngroups:\n  - name: finance\n    owner:\n      name: Finance\n      email: "
        "fin@example.com\n"
        "  - name: ops\n    owner:\n      name: Ops team\n"
        "models:\n  - name: orders\n    config:\n      group: finance\n"
        "  - name: report\n    group: ops\n");
    put(repo.dir / "models" / "extra.sql",
        "{{ config(group='nobody') }}\nselect id from {{ ref('stg') }}\n");
    repo.commit("groups");
    put(repo.dir / "models" / "stg.sql", "select id, {{ dollars('cents') }} as amount, status, 1 "
                                         "as v\nfrom {{ source('raw', 'orders') }}\n");
    dpipe::plan::PlanRequest req;
    req.project_dir = repo.dir.string();
    req.base = "feature";
    req.jobs = 1;
    auto run = dpipe::plan::make_plan(req);
    REQUIRE(run.ok());
    auto owner = [&](const std::string& who) -> const dpipe::plan::Owner* {
        for (const auto& o : run->plan.owners) {
            if (o.who == who) {
                return &o;
            }
        }
        return nullptr;
    };
    const auto* finance = owner("fin@example.com");
    REQUIRE(finance != nullptr);
    CHECK(mentions(finance->why, "owns group finance (of orders)"));
    const auto* ops = owner("Ops team");
    REQUIRE(ops != nullptr);
    CHECK(mentions(ops->why, "owns group ops (of report)"));
    CHECK(owner("group:nobody") != nullptr);
    CHECK(owner("group:finance") == nullptr);
}

TEST_CASE("test --changed tests the changed nodes and everything downstream, not metadata") {
    Repo repo;
    put(repo.dir / "models" / "orders.sql",
        "select id, amount * {{ var('rate') }} as amount_usd, 1 as v from {{ ref('stg') }}\n");
    put(repo.dir / "models" / "props.yml",
        "version: 2\nmodels:\n  - name: stg\n    description: Staged.\n");
    auto run = plan_of(repo);
    CHECK(dpipe::plan::nodes_to_test(run.plan) ==
          std::vector<std::string>{"exposure.shop.board", "model.shop.orders", "model.shop.report"});
}

TEST_CASE("lint --changed lints the changed files and the models downstream, not upstream") {
    Repo repo;
    put(repo.dir / "models" / "orders.sql",
        "select id, amount * {{ var('rate') }} as amount_usd, 1 as v from {{ ref('stg') }}\n");
    put(repo.dir / "models" / "props.yml",
        "version: 2\nmodels:\n  - name: report\n    description: Reported.\n");
    auto run = plan_of(repo);
    // stg is upstream and unchanged; the exposure is impacted but is no file to lint.
    CHECK(dpipe::plan::files_to_lint(run) ==
          std::vector<std::string>{"models/orders.sql", "models/props.yml", "models/report.sql"});
}

TEST_CASE("a change by a macro lints the models it changed and their dependants") {
    Repo repo;
    put(repo.dir / "macros" / "m.sql", "{% macro dollars(c) %}{{ c }} / 100.0{% endmacro %}\n");
    auto run = plan_of(repo);
    CHECK(dpipe::plan::files_to_lint(run) == std::vector<std::string>{"macros/m.sql", "models/orders.sql",
                                                                       "models/report.sql", "models/stg.sql"});
}

TEST_CASE("CODEOWNERS comes from the base branch, else from head") {
    auto owners_of = [](const dpipe::plan::Plan& plan) {
        std::vector<std::string> who;
        for (const auto& o : plan.owners) {
            who.push_back(o.who);
        }
        return who;
    };
    auto count = [](const std::vector<std::string>& who, const std::string& one) {
        return std::count(who.begin(), who.end(), one);
    };
    const std::string edit_stg = "select id, {{ dollars('cents') }} as amount, status, 1 as v\nfrom "
                                 "{{ source('raw', 'orders') }}\n";
    SECTION("a change to CODEOWNERS does not apply to its own pull request") {
        Repo repo;
        put(repo.dir / "models" / "stg.sql", edit_stg);
        put(repo.dir / "CODEOWNERS", "* @acme/feature\n");
        auto who = owners_of(plan_of(repo).plan);
        CHECK(count(who, "@acme/data") == 1);
        CHECK(count(who, "@acme/feature") == 0);
    }
    SECTION("the base branch as it is now, not the merge base") {
        Repo repo;
        put(repo.dir / "models" / "stg.sql", edit_stg);
        repo.commit("feature");
        REQUIRE(sh(repo.dir, "git checkout -q main") == 0);
        put(repo.dir / "CODEOWNERS", "* @acme/newer\n");
        repo.commit("owners");
        REQUIRE(sh(repo.dir, "git checkout -q feature") == 0);
        auto who = owners_of(plan_of(repo).plan);
        CHECK(count(who, "@acme/newer") == 1);
        CHECK(count(who, "@acme/data") == 0);
    }
    SECTION("a base without one: from the head revision, not the checked-out working tree") {
        Repo repo;
        REQUIRE(sh(repo.dir, "git checkout -q main && git rm -q CODEOWNERS && " + k_commit +
                                 " -m no-owners && git checkout -q feature && git reset -q --hard main") == 0);
        put(repo.dir / "models" / "stg.sql", edit_stg);
        put(repo.dir / "CODEOWNERS", "* @acme/feature\n");
        repo.commit("feature");
        REQUIRE(sh(repo.dir, "git checkout -q main") == 0);
        auto who = owners_of(plan_of(repo, "feature").plan);
        CHECK(count(who, "@acme/feature") == 1);
        CHECK(count(who, "@acme/data") == 0);
    }
    SECTION("a project in a folder of the repository") {
        fs::path dir = temp_dir();
        REQUIRE(sh(dir, "git init -q -b main") == 0);
        put(dir / "proj" / "dbt_project.yml", "name: mono\n");
        put(dir / "proj" / "models" / "a.sql", "select 1 as id\n");
        put(dir / ".github" / "CODEOWNERS", "/proj/ @team/base\n");
        REQUIRE(sh(dir, "git add -A && " + k_commit + " -m base && git checkout -q -b feature") == 0);
        put(dir / "proj" / "models" / "a.sql", "select 1 as id, 2 as v\n");
        put(dir / ".github" / "CODEOWNERS", "/proj/ @team/head\n");
        REQUIRE(sh(dir, "git add -A && " + k_commit + " -m head && git checkout -q main") == 0);
        dpipe::plan::PlanRequest req;
        req.project_dir = (dir / "proj").string();
        req.base = "main";
        req.head = "feature";
        req.jobs = 1;
        auto run = dpipe::plan::make_plan(req);
        REQUIRE(run.ok());
        CHECK(owners_of(run->plan) == std::vector<std::string>{"@team/base"});
        fs::remove_all(dir);
    }
    SECTION("a project in a folder, added with the repository's first CODEOWNERS") {
        fs::path dir = temp_dir();
        REQUIRE(sh(dir, "git init -q -b main") == 0);
        put(dir / "README", "x\n");
        REQUIRE(sh(dir, "git add -A && " + k_commit + " -m base && git checkout -q -b feature") == 0);
        put(dir / "proj" / "dbt_project.yml", "name: mono\n");
        put(dir / "proj" / "models" / "a.sql", "select 1 as id\n");
        put(dir / ".github" / "CODEOWNERS", "/proj/ @team/head\n");
        dpipe::plan::PlanRequest req;
        req.project_dir = (dir / "proj").string();
        req.jobs = 1;
        auto run = dpipe::plan::make_plan(req);
        REQUIRE(run.ok());
        CHECK(run->base_missing);
        CHECK(owners_of(run->plan) == std::vector<std::string>{"@team/head"});
        fs::remove_all(dir);
    }
}
