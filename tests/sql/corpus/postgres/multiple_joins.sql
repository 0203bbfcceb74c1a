-- name: multiple_joins
select o.id, c.name, p.title, s.name as store
from sales.orders o
inner join crm.customers c on c.id = o.customer_id
left join catalog.products p on p.id = o.product_id
right join retail.stores s on s.id = o.store_id
cross join config.settings cfg
