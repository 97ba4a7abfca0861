"""Price comparison on a small frame of newest prices: filters, baselines and discounts (pure Polars)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from computescope.explorer.components.provenance import source_title
from computescope.explorer.theme import HYPERSCALERS


@dataclass(frozen=True)
class Baselines:
    hyperscaler_median: float | None     # median on-demand $/GPU-h over AWS, GCP, Azure rows
    cheapest_cloud: float | None          # cheapest on-demand $/GPU-h of any cloud
    cheapest_cloud_provider: str | None
    cheapest_network: float | None        # cheapest network price that can stand for it (list, on-demand or bid, never the lowest bid)
    cheapest_network_provider: str | None


def parse_variant(value: str | None) -> tuple[str, float | None]:
    """'A100|80' -> ('A100', 80.0); 'H100' -> ('H100', None)."""
    if not value:
        return "H100", None
    model, _, vram = value.partition("|")
    try:
        return model, float(vram) if vram else None
    except ValueError:
        return model, None


def variant_label(model: str, vram: float | None) -> str:
    return f"{model} {vram:g} GB" if vram else model


def filter_prices(prices: pl.DataFrame, kinds: list[str], types: list[str], regions: list[str]) -> pl.DataFrame:
    out = prices
    if kinds:
        out = out.filter(pl.col("provider_kind").is_in(kinds))
    if types:
        wanted = set(types)
        bucket = pl.when(pl.col("price_type").str.starts_with("bid_")).then(pl.lit("bid")).otherwise(pl.col("price_type"))
        out = out.filter(bucket.is_in(list(wanted)))
    if regions:
        out = out.filter(pl.col("region").is_in(regions) | (pl.col("provider_kind") == "network"))
    return out


def baselines(prices: pl.DataFrame) -> Baselines:
    # `baseline` (sql/views/baseline_price.sql) says which prices may stand for their provider: the same rule as the GPU index
    clouds = prices.filter((pl.col("provider_kind") == "cloud") & pl.col("baseline"))
    hyper = clouds.filter(pl.col("provider").is_in(list(HYPERSCALERS)))
    networks = prices.filter((pl.col("provider_kind") == "network") & pl.col("baseline"))
    cheapest = clouds.sort("usd_per_gpu_hour").head(1)
    net = networks.sort("usd_per_gpu_hour").head(1)
    return Baselines(
        float(hyper["usd_per_gpu_hour"].median()) if hyper.height else None,
        float(cheapest["usd_per_gpu_hour"][0]) if cheapest.height else None,
        cheapest["provider_name"][0] if cheapest.height else None,
        float(net["usd_per_gpu_hour"][0]) if net.height else None,
        net["provider_name"][0] if net.height else None,
    )


def with_discounts(prices: pl.DataFrame, base: Baselines) -> pl.DataFrame:
    """Discount as a fraction: 0.4 = 40 % cheaper than the baseline; negative = dearer."""
    def vs(value: float | None) -> pl.Expr:
        return (1 - pl.col("usd_per_gpu_hour") / value) if value else pl.lit(None, dtype=pl.Float64)

    return prices.with_columns(vs(base.hyperscaler_median).alias("vs_hyperscaler"), vs(base.cheapest_cloud).alias("vs_cheapest_cloud"))


def provider_summary(prices: pl.DataFrame) -> pl.DataFrame:
    """Per provider × price type: median across regions (the cross-region median), cheapest region, region count."""
    if prices.is_empty():
        return pl.DataFrame(schema={"provider": pl.Utf8, "provider_name": pl.Utf8, "provider_kind": pl.Utf8, "price_type": pl.Utf8,
                                    "median_usd": pl.Float64, "min_usd": pl.Float64, "regions": pl.UInt32, "source_label": pl.Utf8})
    summary = prices.group_by(["provider", "provider_name", "provider_kind", "price_type"]).agg(
        pl.col("usd_per_gpu_hour").median().alias("median_usd"),
        pl.col("usd_per_gpu_hour").min().alias("min_usd"),
        pl.col("region").n_unique().alias("regions"),
        pl.col("source").first(),
        pl.col("source_url").first(),
        pl.col("observed_at").max(),
    )
    labels = [f"{source_title(s, u)} · {t:%Y-%m-%d}" for s, u, t in zip(summary["source"], summary["source_url"], summary["observed_at"], strict=True)]
    return summary.with_columns(pl.Series("source_label", labels, dtype=pl.Utf8)).sort("median_usd")
