-- name: unnest_items
select
    o.order_id,
    item.sku,
    item_index,
    safe_cast(item.price as numeric) as price
from `acme-prod.shop.orders` as o
cross join unnest(o.items) as item with offset as item_index
where o.order_date >= date_sub(current_date(), interval 30 day)
