/* explorer:prices:models — GPU variants that have prices, most widely priced first */
select gpu_model, vram_gb, count(distinct provider) as providers, count(*) as prices
from latest_prices
where gpu_model <> '*'
group by gpu_model, vram_gb
order by providers desc, prices desc, gpu_model, vram_gb
