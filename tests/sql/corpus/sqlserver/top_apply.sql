-- name: top_apply
select top 100
    c.[CustomerID] as customer_id,
    c.[Full Name] as full_name,
    last_order.order_date,
    total_orders = (select count(*) from [dbo].[Orders] o2 where o2.CustomerID = c.CustomerID)
from [dbo].[Customers] c with (nolock)
cross apply (
    select top 1 o.OrderDate as order_date
    from [dbo].[Orders] o
    where o.CustomerID = c.CustomerID
    order by o.OrderDate desc
) last_order
where c.IsActive = 1
