-- name: cohort_retention
with first_seen as (
  select user_id, date_trunc('week', min(ts)) as cohort from events.activity group by user_id
), activity as (
  select a.user_id, f.cohort, date_trunc('week', a.ts) as week from events.activity a join first_seen f using (user_id)
)
select cohort, (week - cohort) / 7 as weeks_since, count(distinct user_id) as users
from activity group by 1, 2 order by 1, 2
