-- name: lateral_join
select u.id, recent.order_id, recent.amount
from app.users u
cross join lateral (
    select o.id as order_id, o.amount from app.orders o where o.user_id = u.id order by o.created_at desc limit 3
) recent
