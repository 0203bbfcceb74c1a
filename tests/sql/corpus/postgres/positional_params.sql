-- name: positional_params
select * from app.users where id = $1 and status = $2
