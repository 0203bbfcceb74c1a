-- name: higher_order
select
    `customer id` as customer_id,
    transform(orders, x -> x.amount * 1.2) as gross,
    filter(orders, o -> o.status = "paid") as paid,
    aggregate(orders, 0D, (acc, o) -> acc + o.amount) as total,
    named_struct('n', size(orders), 'first', orders[0].id) as summary
from `main`.`silver`.`customers`
