-- name: string_functions
select id, upper(trim(first_name)) || ' ' || upper(trim(last_name)) as full_name,
       substring(phone from 1 for 3) as area_code, position('@' in email) as at_pos,
       split_part(email, '@', 2) as domain, regexp_replace(phone, '[^0-9]', '', 'g') as digits
from crm.contacts
