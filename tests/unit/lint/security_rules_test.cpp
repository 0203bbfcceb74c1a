// The security rules (SC): each secret format found (with line and column) and its placeholders
// and look-alikes left alone; findings never hold the secret. Secret-shaped values are assembled
// at run time so that no scanner of this repository mistakes the test source for a leak.

#include "harness.hpp"
#include "lint/rules/security/secret_scan.hpp"

#include <catch2/catch.hpp>

using namespace dpipe;
using dpipe::lint::test::Harness;
using Strings = std::vector<std::string>;

namespace {

// `n` characters of a fixed pseudo-random alphabet walk: high entropy, reproducible.
std::string noise(std::size_t n, std::string_view alphabet = "aZ3kQ9xLm2Pq7RtY8vBn4WcE5dFg6HjK") {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) {
        s += alphabet[(i * 7 + i / 3) % alphabet.size()];
    }
    return s;
}

std::vector<lint::rules::SecretHit> scan(const std::string& text) {
    std::vector<lint::rules::SecretHit> hits;
    lint::rules::scan_secrets(text, lint::rules::SecretScanOptions{}, hits);
    return hits;
}

std::string kind_of(const std::string& text) {
    auto hits = scan(text);
    return hits.size() == 1 ? hits[0].kind : "(" + std::to_string(hits.size()) + " hits)";
}

} // namespace

TEST_CASE("secret formats are recognised by their shapes") {
    CHECK(kind_of("token: gh" + std::string("p_") + noise(36)) == std::string("GitHub token"));
    CHECK(kind_of("x = 'gh" + std::string("s_") + noise(36) + "'") == std::string("GitHub token"));
    CHECK(kind_of("github" + std::string("_pat_") + noise(22) + "_" + noise(59)) == std::string("GitHub fine-grained token"));
    CHECK(kind_of("key_id=AK" + std::string("IA") + noise(16, "ABCDEFGHJKLMNPQRSTUVWXYZ234567")) ==
          std::string("AWS access key id"));
    CHECK(kind_of("aws_secret_access_key = " + noise(40, "abcdEFGH0123/+xyzWQ98")) == std::string("AWS secret access key"));
    CHECK(kind_of("\"key\": \"AI" + std::string("za") + noise(35) + "\"") == std::string("Google API key"));
    CHECK(kind_of("DefaultEndpointsProtocol=https;AccountName=acme;Account" + std::string("Key=") + noise(86) + "==") ==
          std::string("Azure storage account key"));
    CHECK(kind_of("slack: xo" + std::string("xb-") + "1234567890-" + noise(24)) == std::string("Slack token"));
    CHECK(kind_of("url: https://hooks.slack.com/ser" + std::string("vices/T0000/B0000/") + noise(24)) ==
          std::string("Slack webhook URL"));
    CHECK(kind_of("\"private_key\": \"-----BEGIN PRIVATE " + std::string("KEY-----\\n") + noise(64) + "\\n-----END") ==
          std::string("private key"));
    CHECK(kind_of("auth: ey" + std::string("J") + noise(20) + ".eyJ" + noise(30) + "." + noise(25)) ==
          std::string("JSON web token"));
    CHECK(kind_of("password = '" + noise(14) + "'") == std::string("secret value"));
}

TEST_CASE("placeholders and look-alikes are no secrets") {
    for (const std::string& text : {
             std::string("password: ${env:PG_PASSWORD}"),
             std::string("password: \"{{ env_var('PG_PASSWORD') }}\""),
             std::string("token = '<your-token>'"),
             std::string("api_key: xxxxxxxxxxxxxxxx"),
             std::string("secret: changeme-please"),
             std::string("password: short"),
             std::string("token: aaaaaaaaaaaaaaaaaaaa"),
             std::string("password_env: PG_PASSWORD_VARIABLE"),
             std::string("select password_hash from users where token_expires_at > now()"),
             std::string("where password = password_hash"),
             std::string("key_id=AKIAIOSFODNN7EXAMPLE"),
             std::string("gh" "p_short"),
             std::string("-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----"),
             std::string("eyJhbGciOi is not a token"),
             std::string("xoxb-<slack-bot-token>"),
         }) {
        INFO(text);
        CHECK(scan(text).empty());
    }
}

TEST_CASE("shannon entropy") {
    CHECK(lint::rules::shannon_entropy("aaaa") == Approx(0.0));
    CHECK(lint::rules::shannon_entropy("abcd") == Approx(2.0));
}

TEST_CASE("SC001 reports secrets in SQL, YAML, TOML and CSV without their values") {
    const std::string gh = "gh" + std::string("p_") + noise(36);
    const std::string pw = noise(16);
    Harness h({{"models/x.sql", "-- token\nselect 1 as x -- " + gh + "\n"},
               {"profiles.yml", "shop:\n  outputs:\n    dev:\n      api_token: '" + pw + "'\n"},
               {"config/ci.toml", "[github]\ntoken = \"" + gh + "\"\n"},
               {"seeds/keys.csv", "id,key\n1," + gh + "\n"},
               {"models/ok.sql", "select '{{ env_var(\"X\") }}' as x\n"}});
    auto seen = h.run("SC001");
    Strings where;
    for (const auto& s : seen) {
        where.push_back(s.where);
        CHECK(s.message.find(gh) == std::string::npos);
        CHECK(s.message.find(pw) == std::string::npos);
        CHECK(s.message.find(gh.substr(4, 8)) == std::string::npos);
    }
    CHECK(where == Strings{"config/ci.toml:2:10", "models/x.sql:2:18", "profiles.yml:4:19", "seeds/keys.csv:2:3"});
    // A higher entropy bar lets the generic value pass; the token format does not depend on it.
    auto strict = h.where("SC001", {{"min_entropy", 50}});
    CHECK(strict.size() == 3);
}

TEST_CASE("SC002 plaintext passwords in configuration") {
    Harness h({{"profiles.yml", "shop:\n  outputs:\n    dev:\n      type: postgres\n      password: hunter2\n"
                                "    ci:\n      password: \"{{ env_var('PG_PASSWORD') }}\"\n"
                                "    prod:\n      password: ${env:PG_PASSWORD}\n"},
               {"config/local.toml", "[connection]\npassword = \"pa55word\" # local\npass = \"\"\n"}});
    auto seen = h.run("SC002");
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].where == "config/local.toml:2:13");
    CHECK(seen[1].where == "profiles.yml:5:17");
    CHECK(seen[1].message.find("hunter2") == std::string::npos);
}

TEST_CASE("SC003 GRANT to PUBLIC in SQL and in hooks") {
    Harness h({{"models/x.sql", "select 1 as x\n"},
               {"macros/grants.sql", "{% macro g() %}\n  grant select on {{ this }}\n    to public;\n{% endmacro %}\n"},
               {"dbt_project.yml", "name: shop\nversion: '1.0'\nprofile: shop\nmodels:\n"
                                   "  +post-hook: \"grant usage on schema x to reporting\"\n"
                                   "  shop:\n    +post-hook: \"GRANT SELECT ON {{ this }} TO PUBLIC\"\n"}});
    CHECK(h.where("SC003") == Strings{"dbt_project.yml:7:18", "macros/grants.sql:2:3"});
}

TEST_CASE("SC004 reads of system catalogs") {
    Harness h({{"models/a.sql", "select table_name from information_schema.tables\n"},
               {"models/b.sql", "select usename from pg_user\n"},
               {"models/c.sql", "select query_text\nfrom snowflake.account_usage.query_history\n"},
               {"models/d.sql", "with pg_like as (select 1 as x) select x from pg_like\n"}});
    CHECK(h.where("SC004") == Strings{"models/a.sql:1:24", "models/b.sql:1:21", "models/c.sql:2:6"});
}

TEST_CASE("SC005 env_var of a secret in model SQL") {
    Harness h({{"models/a.sql", "select '{{ env_var(\"DB_PASSWORD\", \"\") }}' as p,\n"
                                "  '{{ env_var('REGION', 'eu') }}' as region\n"},
               {"models/b.sql", "select '{{ env_var('SCHEMA_SUFFIX', '') }}' as s\n"}});
    auto seen = h.run("SC005");
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].where == "models/a.sql:1:12");
}
