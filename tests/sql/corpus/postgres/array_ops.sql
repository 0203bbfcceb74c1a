-- name: array_ops
select id, array_length(tags, 1) as n_tags, tags[1] as first_tag, array_agg(distinct category order by category) as cats
from catalog.products where 'sale' = any(tags) group by id, tags
