-- name: struct_select
select
    * except (raw_payload, _loaded_at) replace (lower(email) as email),
    struct(first_name as first, last_name as last) as name,
    array(select as struct sku, qty from unnest(lines)) as line_items,
    cast(signup_date as string format 'YYYY-MM') as signup_month
from `acme-prod.crm.customers`
qualify row_number() over (partition by customer_id order by updated_at desc) = 1
