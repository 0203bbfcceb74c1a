-- name: extract_parts
select extract(year from order_date) as yr, extract(quarter from order_date)::int as qtr, sum(amount) as total
from sales.orders group by 1, 2
