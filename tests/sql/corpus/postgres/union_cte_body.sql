-- name: union_cte_body
with all_events as (
  select user_id, 'login' as kind, ts from auth.logins
  union all
  select user_id, 'purchase', ts from sales.purchases
)
select kind, count(*) from all_events group by kind
