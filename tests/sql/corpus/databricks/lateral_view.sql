-- name: lateral_view
select
    o.order_id,
    item.sku,
    pos as item_position,
    raw:customer.email::string as email
from main.bronze.orders o
lateral view posexplode(o.items) exploded as pos, item
where o.order_date >= date_sub(current_date(), 7)
