delete from orders where amount < 0;
select 1 as x
