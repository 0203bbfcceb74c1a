#include "load/env_refs.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <thread>
#include <vector>

using namespace dpipe::load;

TEST_CASE("env references resolve and register their values as secrets", "[load][env]") {
    ::setenv("DPIPE_TEST_USER", "svc_user", 1);
    ::setenv("DPIPE_TEST_PASS", "s3cr3t-pass", 1);
    ::unsetenv("DPIPE_TEST_MISSING");
    Redactor redactor;
    auto r = resolve_env("postgres://${env:DPIPE_TEST_USER}:${env:DPIPE_TEST_PASS}@db/x", redactor);
    REQUIRE(r.ok());
    CHECK(*r == "postgres://svc_user:s3cr3t-pass@db/x");
    CHECK(redactor.size() == 2);
    CHECK(redactor.redact("login svc_user with s3cr3t-pass twice s3cr3t-pass") == "login *** with *** twice ***");

    auto plain = resolve_env("no refs, costs $${env:X}", redactor);
    REQUIRE(plain.ok());
    CHECK(*plain == "no refs, costs ${env:X}");

    auto missing = resolve_env("${env:DPIPE_TEST_MISSING}", redactor);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error() == "environment variable DPIPE_TEST_MISSING is not set");
    CHECK_FALSE(resolve_env("${env:1BAD}", redactor).ok());
    CHECK_FALSE(resolve_env("${env:OPEN", redactor).ok());
    CHECK_FALSE(resolve_env("${vault:X}", redactor).ok());
    CHECK(has_env_refs("a ${env:B}"));
    CHECK_FALSE(has_env_refs("a ${B}"));
}

TEST_CASE("the redactor hides longer secrets whole and is thread-safe", "[load][env]") {
    Redactor redactor;
    redactor.add("abc");
    redactor.add("abcdef");
    redactor.add("");
    CHECK(redactor.size() == 2);
    CHECK(redactor.redact("x abcdef y abc") == "x *** y ***");
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&redactor, t] {
            for (int i = 0; i < 200; ++i) {
                redactor.add("secret-" + std::to_string(t) + "-" + std::to_string(i));
                (void)redactor.redact("secret-0-1 and more");
            }
        });
    }
    for (auto& th : threads) {
        th.join();
    }
    CHECK(redactor.size() == 802);
    CHECK(redactor.redact("secret-3-199!") == "***!");
}
