-- name: cast_variants
select cast(amount as decimal(12, 2)) as amount, created_at::timestamp with time zone as ts, '42'::int + 1 as n,
       cast(flag as boolean), id::text, price::double precision from raw.payments
