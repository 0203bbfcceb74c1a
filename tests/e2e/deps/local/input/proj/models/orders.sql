select {{ cents_to_dollars(1) }} as amount
