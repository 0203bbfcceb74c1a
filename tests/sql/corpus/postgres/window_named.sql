-- name: window_named
select user_id, event_time,
       lag(event_time) over w as prev_event,
       lead(event_time, 1, now()) over w as next_event
from events.page_views
window w as (partition by user_id order by event_time)
