"""Matching core: screen GPU offers for an order, rank them, choose a fill, compare with the clouds, clear batches."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import numpy as np
import polars as pl

from computescope.core.matching.offers import prepare_offers
from computescope.core.matching.screen import (
    CAPACITY,
    REASONS,
    billed_per_replica_expr,
    needed_replicas,
    p_eff_expr,
    packable_expr,
    rank,
    reason_code_expr,
)
from computescope.core.matching.types import WILDCARD, Allocation, Option, Order, Quote

HYPERSCALERS: frozenset[str] = frozenset({"aws", "gcp", "azure"})

# Columns an option shows; they are gathered only for the few rows that become options or fills.
_DETAILS: tuple[str, ...] = (
    "offer_id",
    "provider",
    "provider_kind",
    "source",
    "observed_at",
    "gpu_model",
    "vram_gb",
    "interface",
    "region",
    "usd_per_gpu_hour",
)


def _option(row: dict[str, Any], replicas: int, order: Order) -> Option:
    ask = float(row["usd_per_gpu_hour"])
    billed = int(row["_billed"]) * replicas
    return Option(
        offer_id=row["offer_id"],
        provider=row["provider"],
        provider_kind=row["provider_kind"],
        source=row["source"],
        observed_at=row["observed_at"],
        gpu_model=row["gpu_model"],
        vram_gb=row["vram_gb"],
        interface=row["interface"],
        region=row["region"],
        usd_per_gpu_hour=ask,
        p_eff=float(row["p_eff"]),
        reputation=float(row["reputation"]),
        replicas=replicas,
        gpus=replicas * order.gpus_per_replica,
        billed_gpus=billed,
        hourly_usd=round(ask * billed, 6),
        total_usd=round(ask * billed * order.hours, 6),
    )


def _options(frame: pl.DataFrame, picked: pl.DataFrame, order: Order) -> list[Option]:
    """Materialise ranked rows (carrying `_idx`, `_take`, `_billed`, `p_eff`) as options, in their order."""
    if picked.height == 0:
        return []
    idx = picked.get_column("_idx")
    details = frame.select(pl.col(c).gather(idx) for c in _DETAILS)
    rows = pl.concat([details, picked.select("_take", "_billed", "p_eff", "reputation")], how="horizontal")
    return [_option(row, int(row["_take"]), order) for row in rows.iter_rows(named=True)]


def _split_legs(order: Order, eligible: pl.DataFrame, frame: pl.DataFrame) -> tuple[pl.DataFrame, str | None]:
    """Providers in rank order, each up to its packable replicas, all of the model frozen by the first."""
    # Every leg hosts at least one replica, so the best `replicas` offers always suffice.
    ranked = rank(eligible, order.replicas, frame)
    if ranked.height == 0:
        return ranked.with_columns(_take=pl.lit(0, dtype=pl.Int64)), None
    frozen = ranked.get_column("gpu_model")[0] if order.gpu_model == WILDCARD else None
    if frozen is not None and ranked.get_column("gpu_model").n_unique() > 1:
        ranked = rank(eligible.filter(pl.col("gpu_model") == frozen), order.replicas, frame)
    before = pl.col("_packable").cum_sum() - pl.col("_packable")
    legs = (
        ranked.with_columns(_before=before)
        .filter(pl.col("_before") < order.replicas)
        .with_columns(_take=pl.min_horizontal(pl.col("_packable"), order.replicas - pl.col("_before")))
    )
    return legs, frozen


def _single_leg(order: Order, eligible: pl.DataFrame, top: pl.DataFrame, frame: pl.DataFrame) -> pl.DataFrame:
    """The best full fill; failing that, for a partial order, the offer hosting most replicas (rank breaks ties)."""
    if top.height:
        return top.head(1).with_columns(_take=pl.lit(order.replicas, dtype=pl.Int64))
    if not order.allow_partial or eligible.height == 0:
        return top.with_columns(_take=pl.lit(0, dtype=pl.Int64))
    most = eligible.filter(pl.col("_packable") == pl.col("_packable").max())
    return rank(most, 1, frame).with_columns(_take=pl.col("_packable"))


def quote(order: Order, offers: pl.DataFrame, *, limit: int = 20) -> Quote:
    """Screen, rank and fill `order` from `offers` (RFQ mode, pay-as-bid).

    `options` are the best `limit` offers that can each host every replica alone, in rank order; `allocation`
    is the chosen fill (several providers only with `allow_split`); `rejected` counts every other offer under
    the first filter it failed. Filtering and ranking stay in Polars; only returned rows become objects.
    """
    if not isinstance(order, Order):
        raise TypeError(f"order must be an Order, not {type(order).__name__}.")
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise ValueError(f"limit must be a whole number of at least 0, got {limit!r}.")
    frame = prepare_offers(offers)
    code = frame.select(reason_code_expr(order)).to_series()
    counts = np.bincount(code.drop_nulls().to_numpy(), minlength=len(REASONS))
    # Ranking runs on a slim numeric frame; strings are gathered by `_idx` only for rows that need them.
    wildcard = order.gpu_model == WILDCARD
    survivors = (
        frame.lazy()
        .with_row_index("_idx")
        .with_columns(_passed=code.is_null())
        .filter(pl.col("_passed"))
        .select(
            "_idx",
            "reputation",
            "offer_time",
            *(["gpu_model"] if wildcard else []),
            _packable=packable_expr(order),
            _billed=billed_per_replica_expr(order),
            p_eff=p_eff_expr(order),
        )
        .collect()
    )
    eligible = survivors.filter(pl.col("_packable") >= needed_replicas(order))
    counts[CAPACITY] = survivors.height - eligible.height
    full = eligible.filter(pl.col("_packable") >= order.replicas)
    top = rank(full, max(limit, 1), frame).with_columns(_take=pl.lit(order.replicas, dtype=pl.Int64))
    options = _options(frame, top.head(limit), order)

    if order.allow_split:
        legs, frozen = _split_legs(order, eligible, frame)
    else:
        legs, frozen = _single_leg(order, eligible, top, frame), None
    placed = int(legs.get_column("_take").sum()) if legs.height else 0
    requested = order.requested_gpus
    filled = placed * order.gpus_per_replica
    if placed == order.replicas:
        status = "filled"
    elif order.allow_partial and placed > 0 and filled >= order.min_fill * requested - 1e-9:
        status = "partial"
    else:
        status, filled = "unfilled", 0

    allocation: Allocation | None = None
    reason: str | None = None
    if status == "unfilled":
        if frame.height == 0:
            reason = "no_offers"
        elif survivors.height == 0:
            # Filters run in sequence, so the last one that rejected anything removed the final survivors.
            reason = next(r for r, c in zip(reversed(REASONS), counts[::-1], strict=True) if c)
        else:
            reason = "capacity"
    else:
        fills = tuple(_options(frame, legs, order))
        allocation = Allocation(fills=fills, hours=float(order.hours))
        if wildcard:
            frozen = frozen or fills[0].gpu_model
    return Quote(
        order=order,
        options=options,
        allocation=allocation,
        status=status,
        requested_gpus=requested,
        filled_gpus=filled,
        unfilled_reason=reason,
        rejected={r: int(c) for r, c in zip(REASONS, counts, strict=True)},
        n_offers=frame.height,
        n_eligible=eligible.height,
        frozen_model=frozen if status != "unfilled" else None,
    )


def baseline_options(
    order: Order, offers: pl.DataFrame, *, hyperscalers: Iterable[str] = HYPERSCALERS
) -> tuple[Option | None, Option | None]:
    """Cheapest hyperscaler and cheapest cloud full fill for the order, to measure savings against.

    Only cloud offers count; model, VRAM, interface, region, duration and per-node fit still apply, while the
    buyer's price cap, uptime and tier floors and reputation weight do not (a baseline is a list price).
    """
    relaxed = replace(
        order,
        max_price=None,
        min_uptime=None,
        min_tier=None,
        reputation_weight=0.0,
        allow_split=False,
        allow_partial=False,
        min_fill=1.0,
    )
    frame = prepare_offers(offers)
    clouds = frame.filter(pl.col("provider_kind") == "cloud")
    hyper = clouds.filter(pl.col("provider").str.to_lowercase().is_in(_names(hyperscalers)))
    return quote(relaxed, hyper, limit=1).best, quote(relaxed, clouds, limit=1).best


def _names(hyperscalers: Iterable[str]) -> list[str]:
    return sorted({h.lower() for h in ([hyperscalers] if isinstance(hyperscalers, str) else hyperscalers)})


def baseline(
    order: Order, offers: pl.DataFrame, *, hyperscalers: Iterable[str] = HYPERSCALERS
) -> dict[str, Any]:
    """`baseline_options` with the order's size, as plain data."""
    best_hyper, best_cloud = baseline_options(order, offers, hyperscalers=hyperscalers)
    return {
        "requested_gpus": order.requested_gpus,
        "hours": float(order.hours),
        "hyperscalers": _names(hyperscalers),
        "hyperscaler": best_hyper.to_dict() if best_hyper is not None else None,
        "cloud": best_cloud.to_dict() if best_cloud is not None else None,
    }
