/* export:daily_rollup — rows and the summed measure per network and date of one exported table ({rel}: its export query or
   its Parquet partitions; {measure} from computescope.export.TABLES); the round trip and engine checks compare these */
select network, cast(date as date) as date, count(*) as rows, round(sum(cast({measure} as double)), 4) as total
from {rel}
group by all
order by network, date
