-- name: flatten_events
with source as (
    select * from raw.events.app_events
),
flattened as (
    select
        source.event_id,
        source.payload:user.id::string as user_id,
        source.payload:context['device']::string as device,
        item.value:sku::string as sku,
        item.index as item_position
    from source,
        lateral flatten(input => source.payload:items, outer => true) item
)
select * exclude (item_position) from flattened
qualify row_number() over (partition by event_id, sku order by item_position) = 1
