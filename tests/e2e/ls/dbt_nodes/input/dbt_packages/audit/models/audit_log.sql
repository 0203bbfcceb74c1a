select 1 as id from {{ source('audit_raw', 'events') }}
