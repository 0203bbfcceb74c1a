-- name: union_distinct_order
(select email from crm.contacts) union (select email from marketing.leads) order by 1 limit 100
