-- name: group_all
select
    customer_id,
    date_trunc('month', ordered_at) as month,
    sum(amount) filter (where status = 'paid') as paid_amount,
    list_transform(list(sku), s -> upper(s)) as skus,
    {'first': min(ordered_at), 'last': max(ordered_at)} as span
from main.orders
group by all
order by all
