-- name: null_handling
select id, nullif(discount, 0) as discount, coalesce(shipping_fee, 0) + coalesce(tax, 0) as extra,
       greatest(a, b, c) as hi, least(a, b) as lo
from sales.orders where deleted_at is null and coupon is not null
