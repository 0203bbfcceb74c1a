-- name: calendar_join
with days as (select generate_series(date '2024-01-01', date '2024-03-31', interval '1 day')::date as day)
select days.day, count(o.id) as orders from days left join sales.orders o on o.created_at::date = days.day group by days.day
