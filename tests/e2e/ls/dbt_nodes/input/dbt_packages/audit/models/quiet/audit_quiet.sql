select * from {{ ref('audit_log') }}
