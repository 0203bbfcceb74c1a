select '{{ env_var("REGION", "eu") }}' as region
