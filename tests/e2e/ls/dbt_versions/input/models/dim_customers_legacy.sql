select 1 as customer_id, 'fr' as country_name, 'old' as flag
