-- name: between_like
select * from crm.customers where signup_date between '2024-01-01' and '2024-06-30' and email like '%@example.com' and name ilike 'a%' and not (country in ('US', 'CA'))
