-- name: cte_chain
with src as (select * from raw.orders), cleaned as (select id, lower(status) as status, amount / 100.0 as amount_usd from src where id is not null)
select status, sum(amount_usd) as revenue from cleaned group by status order by revenue desc
