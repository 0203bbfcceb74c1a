-- name: count_distinct_multi
select date, count(distinct user_id) as users, count(distinct (user_id, device)) as user_devices from analytics.sessions group by date
