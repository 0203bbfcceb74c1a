select id from {{ ref('audit_log') }}
