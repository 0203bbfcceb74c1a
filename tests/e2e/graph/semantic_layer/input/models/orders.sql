select 1 as order_id, 10.0 as order_total, current_date as ordered_at
