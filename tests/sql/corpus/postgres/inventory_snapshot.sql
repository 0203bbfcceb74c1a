-- name: inventory_snapshot
select w.name as warehouse, p.sku, sum(m.qty) filter (where m.kind = 'in') - coalesce(sum(m.qty) filter (where m.kind = 'out'), 0) as on_hand
from inventory.movements m join inventory.warehouses w on w.id = m.warehouse_id join catalog.products p on p.id = m.product_id
group by w.name, p.sku having sum(m.qty) > 0
