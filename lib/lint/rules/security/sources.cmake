# Sources of the security rules, relative to lib/lint; one rule per file.
list(APPEND DPIPE_LINT_SOURCES rules/security/registry.cpp rules/security/secret_scan.cpp
  rules/security/sc001_hard_coded_secret.cpp
  rules/security/sc002_plaintext_password.cpp
  rules/security/sc003_grant_to_public.cpp
  rules/security/sc004_system_catalog_read.cpp
  rules/security/sc005_secret_env_var_in_model.cpp)
