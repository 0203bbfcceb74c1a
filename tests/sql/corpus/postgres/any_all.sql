-- name: any_all
select * from sales.orders where amount > all (select threshold from ref.limits) and region = any (array['EU', 'US'])
