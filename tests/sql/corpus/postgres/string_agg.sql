-- name: string_agg
select order_id, string_agg(product_name, ', ' order by product_name) as products from sales.order_items group by order_id
