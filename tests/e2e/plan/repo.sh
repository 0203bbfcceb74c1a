# Sourced by the setup scripts of the plan cases: a small dbt project committed on `main`, then
# a `feature` branch checked out. Each case edits the project and commits (or not) after this.
git init -q -b main .
mkdir -p models seeds macros .github
cat > dbt_project.yml <<'YML'
name: shop
version: "1.0.0"
config-version: 2
vars:
  rate: 1
YML
cat > .github/CODEOWNERS <<'TXT'
# Data team owns everything; marts have their own owners.
*            @acme/data
/models/marts/  @acme/finance
TXT
cat > macros/cents.sql <<'SQL'
{% macro to_dollars(col) %}{{ col }} / 100{% endmacro %}
SQL
cat > seeds/countries.csv <<'CSV'
code,name
de,Germany
fr,France
CSV
cat > models/sources.yml <<'YML'
version: 2
sources:
  - name: raw
    tables:
      - name: orders
        columns:
          - name: id
          - name: customer_id
          - name: amount_cents
          - name: status
          - name: country
YML
cat > models/stg_orders.sql <<'SQL'
-- Orders without test rows.
select
    id as order_id,
    customer_id,
    {{ to_dollars('amount_cents') }} as amount,
    status,
    country
from {{ source('raw', 'orders') }}
where status != 'test'
SQL
mkdir -p models/marts
cat > models/marts/orders.sql <<'SQL'
select
    order_id,
    customer_id,
    amount * {{ var('rate') }} as amount_usd,
    c.name as country_name
from {{ ref('stg_orders') }} o
join {{ ref('countries') }} c on c.code = o.country
SQL
cat > models/marts/customers.sql <<'SQL'
select
    customer_id,
    count(*) as order_count
from {{ ref('stg_orders') }}
group by customer_id
SQL
cat > models/marts/marts.yml <<'YML'
version: 2
models:
  - name: orders
    description: One row per order.
    meta:
      owner: "@acme/finance"
    columns:
      - name: order_id
        tests: [unique, not_null]
  - name: customers
    description: One row per customer.
    columns:
      - name: customer_id
        tests: [unique]
exposures:
  - name: revenue_dashboard
    type: dashboard
    owner:
      name: Finance
      email: finance@example.com
    depends_on:
      - ref('orders')
YML
git add -A
git commit -q -m base
git checkout -q -b feature
