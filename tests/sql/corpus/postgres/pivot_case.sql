-- name: pivot_case
select user_id,
  sum(case when event = 'view' then 1 else 0 end) as views,
  sum(case when event = 'click' then 1 else 0 end) as clicks,
  count(*) filter (where event = 'purchase') as purchases
from events.actions group by user_id
