{{ config(tags=[target.name, target.schema, target.database, target.profile_name, 'threads_' ~ target.threads, var('region')]) }}
select 1 as id
