-- name: schema_qualified_three
select a.id from warehouse.analytics.accounts a join warehouse.analytics.users u on u.account_id = a.id
