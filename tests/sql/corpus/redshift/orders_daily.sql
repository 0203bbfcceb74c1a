-- name: orders_daily
select
    o.created_at::date as order_date,
    o.customer_id,
    count(*) as orders,
    sum(o.amount)::decimal(18, 2) as revenue,
    listagg(distinct o.channel, ',') within group (order by o.channel) as channels,
    getdate() as loaded_at
from public.orders o
where o.created_at >= dateadd(day, -30, getdate())
  and o.status not in ('cancelled', 'test')
group by 1, 2
