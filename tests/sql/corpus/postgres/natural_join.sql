-- name: natural_join
select * from hr.employees natural join hr.departments
