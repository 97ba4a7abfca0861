/* api:metrics:definitions — the one definition of every metric: name, unit, grain, meaning */
select name, unit, grain, description from metric_definitions order by name
