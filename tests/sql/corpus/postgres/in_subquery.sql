-- name: in_subquery
select * from finance.invoices where customer_id in (select id from crm.customers where segment = 'enterprise')
