-- name: scalar_subquery
select d.id, d.name, (select count(*) from hr.employees e where e.department_id = d.id) as headcount
from hr.departments d
