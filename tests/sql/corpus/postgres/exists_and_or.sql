-- name: exists_and_or
select * from sales.orders o where o.flag or exists (select 1 from ops.overrides x where x.order_id = o.id)
