-- name: snapshot_scd
with changes as (
  select id, name, updated_at, lead(updated_at) over (partition by id order by updated_at) as next_update
  from raw.customer_changes
)
select id, name, updated_at as valid_from, coalesce(next_update, '9999-12-31'::timestamp) as valid_to,
       next_update is null as is_current
from changes
