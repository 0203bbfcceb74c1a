-- name: not_exists
select p.id from catalog.products p where not exists (select 1 from sales.order_items i where i.product_id = p.id)
