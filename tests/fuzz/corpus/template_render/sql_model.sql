{%- set payment_methods = ['credit_card', 'coupon', 'bank_transfer', 'gift_card'] -%}
with orders as (
    select * from {{ orders_table }}
),
payments as (
    select * from {{ payments_table }}
),
order_payments as (
    select
        order_id,
        {% for payment_method in payment_methods -%}
        sum(case when payment_method = '{{ payment_method }}' then amount else 0 end) as {{ payment_method }}_amount,
        {% endfor -%}
        sum(amount) as total_amount
    from payments
    group by order_id
)
select * from order_payments
{% if limit %}limit {{ limit }}{% endif %}
