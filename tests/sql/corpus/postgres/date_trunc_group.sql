-- name: date_trunc_group
select date_trunc('month', created_at) as month, count(distinct user_id) as mau
from analytics.events
where created_at >= current_date - interval '12 months'
group by 1 order by 1
