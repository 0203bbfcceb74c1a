#include "util/redact.hpp"

#include <catch2/catch.hpp>

#include <thread>
#include <vector>

using dpipe::util::redact;

TEST_CASE("registered values are masked, longest first, short ones ignored") {
    dpipe::util::clear_registered_secrets();
    dpipe::util::register_secret("s3cr3t-value");
    dpipe::util::register_secret("s3cr3t");
    dpipe::util::register_secret("abc"); // too short to register
    CHECK(redact("a s3cr3t-value and s3cr3t, abc") == "a **** and ****, abc");
    dpipe::util::clear_registered_secrets();
    CHECK(redact("s3cr3t") == "s3cr3t");
}

TEST_CASE("known token formats are masked") {
    dpipe::util::clear_registered_secrets();
    CHECK(redact("token ghp_abcdefghijklmnopqrstuvwxyz0123 end") == "token **** end");
    CHECK(redact("github_pat_11ABCDEFG0123456789_abcdefghij") == "****");
    CHECK(redact("key=AKIAIOSFODNN7EXAMPLE.") == "key=****.");
    CHECK(redact("xoxb-1234567890-abcdefghij") == "****");
    CHECK(redact("AIzaSyA1234567890abcdefghijklmnopqrstuv") == "****");
    CHECK(redact("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl") == "Bearer ****");
    CHECK(redact("x\n-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\ny") ==
          "x\n****\ny");
    CHECK(redact("-----BEGIN CERTIFICATE-----") == "-----BEGIN CERTIFICATE-----");
    // Word boundaries: an identifier that merely contains a prefix is left alone.
    CHECK(redact("my_ghp_abcdefghijklmnopqrstuvwxyz") == "my_ghp_abcdefghijklmnopqrstuvwxyz");
}

TEST_CASE("passwords in DSNs and URLs are masked") {
    dpipe::util::clear_registered_secrets();
    CHECK(redact("postgresql://dpipe:hunter22@db:5432/x") == "postgresql://dpipe:****@db:5432/x");
    CHECK(redact("host=db password=hunter22 user=u") == "host=db password=**** user=u");
    CHECK(redact("host=db password = 'a b\\'c' user=u") == "host=db password = '****' user=u");
    CHECK(redact("PGPASSWORD=hunter22 psql") == "PGPASSWORD=**** psql");
    CHECK(redact("https://example.com/a:b@c") == "https://example.com/a:b@c");
    CHECK(redact("no secrets here: a=b") == "no secrets here: a=b");
}

TEST_CASE("secret-looking variable names") {
    CHECK(dpipe::util::is_secret_name("DBT_ENV_SECRET_TOKEN"));
    CHECK(dpipe::util::is_secret_name("db_password"));
    CHECK(dpipe::util::is_secret_name("API_KEY"));
    CHECK(dpipe::util::is_secret_name("GCP_CREDENTIALS"));
    CHECK_FALSE(dpipe::util::is_secret_name("DBT_TARGET"));
}

TEST_CASE("registration and redaction are thread-safe") {
    dpipe::util::clear_registered_secrets();
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([t] {
            for (int i = 0; i < 200; ++i) {
                dpipe::util::register_secret("value-" + std::to_string(t) + "-" + std::to_string(i));
                (void)redact("value-0-1 value-3-199");
            }
        });
    }
    for (auto& th : threads) {
        th.join();
    }
    CHECK(redact("value-0-1 value-3-199") == "**** ****");
    dpipe::util::clear_registered_secrets();
}

TEST_CASE("redact_in_place leaves a clean text where it is and masks like redact") {
    dpipe::util::clear_registered_secrets();
    std::string clean(100'000, 'a');
    clean += " nothing secret: passwords, password=\"\", eyJ, ghp_short, ://host";
    const std::string expected = clean;
    const char* before = clean.data();
    dpipe::util::redact_in_place(clean);
    CHECK(clean == expected);
    CHECK(clean.data() == before); // neither copied nor reallocated

    dpipe::util::register_secret("s3cr3t-value");
    std::string mixed = "a s3cr3t-value, postgresql://u:hunter22@db/x and ghp_abcdefghijklmnopqrstuvwxyz0123";
    const std::string via_copy = redact(mixed);
    dpipe::util::redact_in_place(mixed);
    CHECK(mixed == "a ****, postgresql://u:****@db/x and ****");
    CHECK(mixed == via_copy);
    std::string only_registered = "s3cr3t-value";
    dpipe::util::redact_in_place(only_registered);
    CHECK(only_registered == "****");
    dpipe::util::clear_registered_secrets();
}
