-- name: trim_variants
select trim(both ' ' from name), trim(leading '0' from code), ltrim(rtrim(x)) from ref.codes
