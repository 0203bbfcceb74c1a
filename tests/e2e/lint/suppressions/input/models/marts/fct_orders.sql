-- dpipe:ignore GR001,GR099
select 1 as id from {{ ref('nope') }}
-- dpipe:ignore unknown-ref
select 2
