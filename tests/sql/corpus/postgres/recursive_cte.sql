-- name: recursive_cte
with recursive org as (
  select id, manager_id, name, 1 as depth from hr.employees where manager_id is null
  union all
  select e.id, e.manager_id, e.name, org.depth + 1 from hr.employees e join org on e.manager_id = org.id
)
select * from org order by depth, name
