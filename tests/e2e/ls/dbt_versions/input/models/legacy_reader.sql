select * from {{ ref('dim_customers', version=0) }}
