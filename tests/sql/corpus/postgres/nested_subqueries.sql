-- name: nested_subqueries
select * from (select * from (select id, amount from sales.orders where amount > 0) inner_q where amount < 1000) outer_q
