-- name: lateral_function
select p.id, tag from catalog.products p, lateral unnest(p.tags) as tag
