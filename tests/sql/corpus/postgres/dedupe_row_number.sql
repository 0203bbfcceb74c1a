-- name: dedupe_row_number
with ranked as (
  select *, row_number() over (partition by id order by updated_at desc) as rn from raw.customers_cdc
)
select id, email, updated_at from ranked where rn = 1
