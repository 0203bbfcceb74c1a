-- name: in_list_numbers
select * from sales.orders where status_id in (1, 2, 3) and region not in ('EU', 'APAC')
