-- name: case_searched
select id,
  case
    when amount >= 1000 then 'large'
    when amount >= 100 then 'medium'
    when amount is null then 'unknown'
    else 'small'
  end as bucket,
  case status when 'a' then 1 when 'b' then 2 else 0 end as status_code
from sales.orders
