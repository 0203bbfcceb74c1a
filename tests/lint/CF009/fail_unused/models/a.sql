select 1 as id -- dpipe:ignore GR001
