"""Price comparison on a small frame of newest prices: filters, baselines and discounts (pure Polars)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from computescope.explorer.components.provenance import source_title
from computescope.explorer.theme import HYPERSCALERS

ROW_FIELDS = ("provider", "provider_name", "region", "price_type", "usd_per_gpu_hour", "kind", "source", "source_url", "observed_at")


@dataclass(frozen=True)
class Baselines:
    hyperscaler_median: float | None                 # median on-demand $/GPU-h over AWS, GCP, Azure rows
    cheapest_cloud_row: dict[str, Any] | None        # the cheapest cloud price that can stand for its provider (never spot)
    cheapest_network_row: dict[str, Any] | None      # the cheapest network price that can stand for it (never the lowest bid)

    @property
    def cheapest_cloud(self) -> float | None:
        return self.cheapest_cloud_row["usd_per_gpu_hour"] if self.cheapest_cloud_row else None

    @property
    def cheapest_network(self) -> float | None:
        return self.cheapest_network_row["usd_per_gpu_hour"] if self.cheapest_network_row else None


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


def _cheapest(prices: pl.DataFrame, provider_kind: str) -> dict[str, Any] | None:
    # `baseline` (sql/views/baseline_price.sql) says which prices may stand for their provider: the rule the GPU index reads;
    # ties go to the provider first by name, then the newest price, as there
    rows = prices.filter((pl.col("provider_kind") == provider_kind) & pl.col("baseline"))
    if rows.is_empty():
        return None
    first = rows.sort(["usd_per_gpu_hour", "provider", "observed_at"], descending=[False, False, True]).row(0, named=True)
    return {k: first[k] for k in ROW_FIELDS}


def baselines(prices: pl.DataFrame) -> Baselines:
    hyper = prices.filter((pl.col("provider_kind") == "cloud") & pl.col("baseline") & pl.col("provider").is_in(list(HYPERSCALERS)))
    return Baselines(float(hyper["usd_per_gpu_hour"].median()) if hyper.height else None, _cheapest(prices, "cloud"), _cheapest(prices, "network"))


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
