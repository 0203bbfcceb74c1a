select id from analytics.orders
