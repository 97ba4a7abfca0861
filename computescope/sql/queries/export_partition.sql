/* export:partition — one history table with its partition columns, rows dated on or after $since (all when null).
   {table}, {network} and {day} come only from computescope.export.TABLES; the network column is the partition */
select columns(lambda c: c not in ('network', 'date')), {network} as network, cast({day} as date) as date
from {table}
where cast($since as date) is null or cast({day} as date) >= cast($since as date)
