-- name: using_join
select o.id, customer_id, c.name from sales.orders o join crm.customers c using (customer_id)
