select '{{ env_var("DB_PASSWORD", "") }}' as p
