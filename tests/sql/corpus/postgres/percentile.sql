-- name: percentile
select category, percentile_cont(0.5) within group (order by price) as median_price,
       mode() within group (order by brand) as top_brand
from catalog.products group by category
