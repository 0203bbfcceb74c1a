#pragma once
// Compiles dbt's built-in generic tests to SQL that returns the failing rows.

#include "core/project.hpp"
#include "util/result.hpp"

#include <functional>
#include <string>

namespace dpipe::runner {

struct CompiledTest {
    std::string sql;        // returns one row per failure
    std::string severity;   // "error" or "warn"
    std::string warn_if = "!=0";
    std::string error_if = "!=0";
    long long limit = -1;   // config.limit: at most this many failing rows are counted
};

struct TestCompileContext {
    std::string relation; // quoted relation the test is declared on
    std::function<std::string(std::string_view ident)> quote;
    // Relation of "ref('x')" / "source('a','b')" text, or "" when unknown.
    std::function<std::string(const std::string& call_text)> resolve;
};

// True for dbt's four built-in generic tests (also written "dbt.unique" and the like).
bool is_builtin_test(const std::string& name);

// A test's severity, warn_if, error_if and limit from its config (the SQL is left empty).
CompiledTest test_settings(const core::TestSpec& spec);

// unique, not_null, accepted_values, relationships (also written with a package prefix such as
// "dbt.unique"), honouring config where, severity, warn_if, error_if and limit. Tests of other
// kinds (package or custom, see project/custom_tests.hpp) yield an error message naming the test.
util::Result<CompiledTest, std::string> compile_generic_test(const core::TestSpec& spec,
                                                             const TestCompileContext& ctx);

// True when a failure count meets a dbt threshold such as "!=0", ">10", ">=5", "=0", "<3".
bool threshold_met(const std::string& condition, std::size_t failures);

} // namespace dpipe::runner
