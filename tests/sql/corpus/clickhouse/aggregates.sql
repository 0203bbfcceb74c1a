-- name: aggregates
select
    user_id,
    uniqExact(session_id) as sessions,
    sumIf(amount, status = 'paid') as paid,
    cast(max(event_time), 'Date') as last_day,
    quantile(0.9)(duration_ms) as p90
from analytics.sessions
left array join pages as page
group by user_id
order by sessions desc
limit 100
