-- a warehouse table read by name, next to a ref()
select c.user_id, o.amount, count(*) as clicks
from events_db.web.clicks c
join {{ ref('orders') }} o on c.order_id = o.id
where c.kind = 'buy'
group by c.user_id, o.amount
