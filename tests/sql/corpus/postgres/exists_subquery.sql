-- name: exists_subquery
select c.id, c.email from crm.customers c
where exists (select 1 from sales.orders o where o.customer_id = c.id and o.created_at > now() - interval '90 days')
