-- name: self_join
select e.name as employee, m.name as manager from hr.employees e left join hr.employees m on e.manager_id = m.id
