-- name: sessions
with events as (
    select user_id, event_ts,
           lag(event_ts) ignore nulls over (partition by user_id order by event_ts) as prev_ts
    from analytics.web_events
)
select user_id, event_ts,
       case when prev_ts is null or datediff(minute, prev_ts, event_ts) > 30 then 1 else 0 end as new_session,
       event_ts + interval '1 day' as expires_at
from events
