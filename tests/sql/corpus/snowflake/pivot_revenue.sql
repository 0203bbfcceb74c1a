-- name: pivot_revenue
select *
from (select customer_id, month_name, amount from analytics.finance.revenue)
    pivot (sum(amount) for month_name in ('JAN', 'FEB', 'MAR')) as p (customer_id, jan, feb, mar)
