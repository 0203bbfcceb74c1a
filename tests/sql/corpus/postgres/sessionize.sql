-- name: sessionize
with ordered as (
  select user_id, event_time,
         case when event_time - lag(event_time) over (partition by user_id order by event_time) > interval '30 minutes'
              then 1 else 0 end as is_new_session
  from events.clicks
)
select user_id, event_time,
       sum(is_new_session) over (partition by user_id order by event_time rows unbounded preceding) as session_number
from ordered
