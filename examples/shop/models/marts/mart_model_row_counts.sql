-- Row counts of the staging models, read by the data-quality dashboard to spot empty or partial loads.
{{ union_row_counts(['stg_customers', 'stg_orders', 'stg_payments', 'stg_products']) }}
