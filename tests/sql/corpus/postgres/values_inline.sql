-- name: values_inline
select v.code, v.label from (values ('A', 'Active'), ('I', 'Inactive'), ('P', 'Pending')) as v(code, label)
