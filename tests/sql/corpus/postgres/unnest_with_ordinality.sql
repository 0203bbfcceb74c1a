-- name: unnest_with_ordinality
select t.id, u.val, u.ord from data.arrays t, unnest(t.vals) with ordinality as u(val, ord)
