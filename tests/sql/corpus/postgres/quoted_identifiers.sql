-- name: quoted_identifiers
select "Order ID", "customerName" as customer, t."Amount" from "Sales"."Orders" t where "Status" = 'ok'
