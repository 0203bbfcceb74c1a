select
  {{ var('missing_var') }} as x
