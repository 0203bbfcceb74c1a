-- the table's columns are unknown: * stays unresolved
select * from events_db.web.clicks
