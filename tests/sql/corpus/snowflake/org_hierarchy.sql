-- name: org_hierarchy
select
    employee_id,
    manager_id,
    title,
    sys_connect_by_path(title, ' > ') as path
from analytics.hr.employees
start with manager_id is null
connect by manager_id = prior employee_id
order by employee_id
