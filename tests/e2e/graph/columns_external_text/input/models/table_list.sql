select table_name, lower(table_schema) as schema_name from information_schema.tables
