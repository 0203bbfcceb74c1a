-- name: grouping_sets
select region, product_line, sum(revenue) as revenue
from sales.fact_revenue
group by grouping sets ((region, product_line), (region), ())
