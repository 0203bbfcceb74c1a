-- name: distribute
select customer_id, event_ts, count(*) over (partition by customer_id) as events
from main.silver.events
where event_ts > current_timestamp() - interval 1 day
distribute by customer_id
sort by event_ts desc
