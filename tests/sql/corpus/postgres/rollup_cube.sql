-- name: rollup_cube
select country, city, sum(amount) from sales.orders group by rollup (country, city)
