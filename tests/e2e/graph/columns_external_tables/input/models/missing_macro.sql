-- a macro that cannot be found: its placeholder is no table
select user_id from {{ no_such_pkg.events_table() }}
