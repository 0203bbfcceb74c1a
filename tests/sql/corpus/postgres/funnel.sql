-- name: funnel
with steps as (
  select user_id,
         min(case when event = 'visit' then ts end) as visited,
         min(case when event = 'signup' then ts end) as signed_up,
         min(case when event = 'purchase' then ts end) as purchased
  from events.funnel_events group by user_id
)
select count(visited) as visits, count(signed_up) as signups, count(purchased) as purchases,
       round(100.0 * count(purchased) / nullif(count(visited), 0), 2) as conversion
from steps
