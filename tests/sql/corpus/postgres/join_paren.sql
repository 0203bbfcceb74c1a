-- name: join_paren
select * from (sales.orders o join crm.customers c on c.id = o.customer_id) left join catalog.products p on p.id = o.product_id
