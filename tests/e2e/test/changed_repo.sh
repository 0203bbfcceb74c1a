# Sourced by the setup scripts of the `test --changed` cases: a small dbt project that the
# embedded SQLite engine can build, committed on `main`, then a `feature` branch checked out.
#   raw.orders (fixture) -> stg_orders -> orders -> order_summary
#                                      \-> customers
#   countries (seed) -> stg_countries --(relationships test of orders.country)
git init -q -b main .
mkdir -p models fixtures seeds
cat > dbt_project.yml <<'YML'
name: shop
version: "1.0.0"
config-version: 2
YML
cat > fixtures/raw_orders.csv <<'CSV'
id,customer_id,amount_cents,country
1,10,1500,de
2,10,2500,fr
3,11,900,de
CSV
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
        meta:
          fixture: fixtures/raw_orders.csv
YML
cat > models/stg_orders.sql <<'SQL'
select id as order_id, customer_id, amount_cents / 100.0 as amount, country
from {{ source('raw', 'orders') }}
SQL
cat > models/stg_countries.sql <<'SQL'
select code, name from {{ ref('countries') }}
SQL
cat > models/orders.sql <<'SQL'
select order_id, customer_id, amount, country
from {{ ref('stg_orders') }}
SQL
cat > models/order_summary.sql <<'SQL'
select country, count(*) as orders from {{ ref('orders') }} group by country
SQL
cat > models/customers.sql <<'SQL'
select customer_id, sum(amount) as total from {{ ref('stg_orders') }} group by customer_id
SQL
cat > models/models.yml <<'YML'
version: 2
models:
  - name: stg_orders
    columns:
      - name: order_id
        tests: [unique, not_null]
  - name: orders
    description: One row per order.
    columns:
      - name: order_id
        tests: [not_null]
      - name: country
        tests:
          - relationships:
              to: ref('stg_countries')
              field: code
  - name: order_summary
    columns:
      - name: country
        tests: [unique]
  - name: customers
    columns:
      - name: customer_id
        tests: [unique]
YML
git add -A
git commit -q -m base
git checkout -q -b feature
