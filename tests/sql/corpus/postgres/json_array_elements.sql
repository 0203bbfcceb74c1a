-- name: json_array_elements
select o.id, item->>'sku' as sku, (item->>'qty')::int as qty from raw.orders o cross join lateral jsonb_array_elements(o.items) as item
