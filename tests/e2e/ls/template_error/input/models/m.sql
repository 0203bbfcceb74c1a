select
  {{ env_var('DPIPE_E2E_NEVER_SET') }} as x
