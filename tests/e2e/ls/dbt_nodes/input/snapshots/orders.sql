{% snapshot orders_history %}
{{ config(strategy='check', unique_key='id', check_cols='all') }}
select * from {{ ref('orders') }}
{% endsnapshot %}

{% snapshot audit_history %}
{{ config(strategy='check', unique_key='id', check_cols='all') }}
select * from {{ ref('audit', 'audit_log') }}
{% endsnapshot %}
