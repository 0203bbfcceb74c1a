-- name: md5_hash
select md5(concat_ws('|', id::text, email, coalesce(phone, ''))) as surrogate_key, * from crm.contacts
