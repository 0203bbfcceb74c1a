-- name: filter_clause
select store_id,
       count(*) filter (where status = 'returned') as returns,
       count(*) filter (where status = 'sold') as sales,
       avg(price) filter (where price > 0) as avg_price
from retail.transactions group by store_id
