"""Vectorised eligibility screening, per-node packing and ranking of offers for one order."""

from __future__ import annotations

import math

import polars as pl

from computescope.core.matching.offers import prepare_offers
from computescope.core.matching.types import WILDCARD, Order

# Fixed filter order: an offer failing several is counted once, under the first (as Akash's bid engine
# and AEP-67 bid screening name one excluding dimension per offer).
REASONS: tuple[str, ...] = (
    "model",
    "vram",
    "interface",
    "region",
    "price",
    "duration",
    "uptime",
    "tier",
    "suspended",
    "buyer_rejected",
    "capacity",
)
CAPACITY = REASONS.index("capacity")

RANK_BY: tuple[str, ...] = ("p_eff", "reputation", "offer_time", "offer_id")
RANK_DESCENDING: tuple[bool, ...] = (False, True, False, False)

_AMD = r"^(mi\d|instinct|radeon|rx\s?\d)"
_INTEL = r"^(gaudi|max\s?\d|flex\s?\d|arc)"


def vendor_expr() -> pl.Expr:
    """The GPU vendor of each offer, read from its canonical model name (MI300X → amd, Gaudi 3 → intel)."""
    model = pl.col("gpu_model").str.to_lowercase()
    return (
        pl.when(model.str.contains(_AMD))
        .then(pl.lit("amd"))
        .when(model.str.contains(_INTEL))
        .then(pl.lit("intel"))
        .otherwise(pl.lit("nvidia"))
    )


def billed_per_replica_expr(order: Order) -> pl.Expr:
    """GPUs paid per replica: a cloud instance type is launched whole, so a smaller replica pays for all of it.

    A network leases GPUs one by one, so its node size only limits packing.
    """
    g = order.gpus_per_replica
    gpn = pl.col("gpus_per_node")
    cloud = pl.col("provider_kind") == "cloud"
    whole_instance = cloud & pl.col("node_free").is_null() & gpn.is_not_null() & (gpn >= g)
    return pl.when(whole_instance).then(gpn).otherwise(pl.lit(g, dtype=pl.Int64))


def unit_price_expr(order: Order) -> pl.Expr:
    """USD per requested GPU-hour: the ask, scaled up when whole instances must be bought."""
    return pl.col("usd_per_gpu_hour") * billed_per_replica_expr(order) / order.gpus_per_replica


def p_eff_expr(order: Order) -> pl.Expr:
    """Reputation-adjusted ranking price p_eff = ask × (1 + λ·(1 − R)); λ = 0 is pure lowest price."""
    return unit_price_expr(order) * (1.0 + order.reputation_weight * (1.0 - pl.col("reputation")))


def packable_expr(order: Order) -> pl.Expr:
    """Replicas the offer can host, capped at the order's replicas: Σ floor(free_i / g) over its nodes."""
    g, r = order.gpus_per_replica, order.replicas
    per_node = pl.col("node_free").list.eval(pl.element().clip(lower_bound=0) // g).list.sum()
    gpn = pl.col("gpus_per_node")
    unlimited = (
        pl.when(gpn.is_null() | (gpn >= g))
        .then(pl.lit(r, dtype=pl.Int64))
        .otherwise(pl.lit(0, dtype=pl.Int64))
    )
    return (
        pl.when(pl.col("node_free").is_null())
        .then(unlimited)
        .otherwise(per_node.fill_null(0).clip(upper_bound=r))
        .cast(pl.Int64)
    )


def needed_replicas(order: Order) -> int:
    """Replicas one offer must host to be eligible: all of them, unless a split or partial fill is allowed."""
    if order.allow_split:
        return 1
    if order.allow_partial:
        return max(1, math.ceil(order.min_fill * order.replicas - 1e-9))
    return order.replicas


def _failures(order: Order) -> list[tuple[int, pl.Expr]]:
    """(reason code, expression true when the offer fails) for every filter the order activates."""
    fails: list[tuple[int, pl.Expr]] = []
    code = REASONS.index
    if order.gpu_model != WILDCARD:
        fails.append((code("model"), (pl.col("gpu_model") != order.gpu_model).fill_null(True)))
    elif order.vendor is not None:
        fails.append((code("model"), vendor_expr() != order.vendor))
    if order.vram_gb is not None:
        fails.append((code("vram"), (pl.col("vram_gb") < order.vram_gb).fill_null(True)))
    if order.interface is not None:
        fails.append((code("interface"), (pl.col("interface") != order.interface).fill_null(True)))
    if order.regions is not None:
        fails.append((code("region"), (~pl.col("region").is_in(list(order.regions))).fill_null(True)))
    # An offer without a usable price can never be ranked, cap or no cap.
    unpriced = ~unit_price_expr(order).is_finite().fill_null(False)
    if order.max_price is not None:
        fails.append((code("price"), unpriced | (unit_price_expr(order) > order.max_price).fill_null(True)))
    else:
        fails.append((code("price"), unpriced))
    too_short = (pl.col("min_hours") > order.hours).fill_null(False)
    too_long = (pl.col("max_hours") < order.hours).fill_null(False)
    fails.append((code("duration"), too_short | too_long))
    if order.min_uptime is not None:
        fails.append((code("uptime"), (pl.col("uptime") < order.min_uptime).fill_null(True)))
    if order.min_tier is not None:
        fails.append((code("tier"), (pl.col("tier") < order.min_tier).fill_null(True)))
    fails.append((code("suspended"), pl.col("suspended").fill_null(False)))
    # Two-way match (Golem): the provider's own constraint on the buyer must hold too.
    fails.append((code("buyer_rejected"), (pl.col("min_buyer_score") > order.buyer_score).fill_null(False)))
    return fails


def reason_code_expr(order: Order) -> pl.Expr:
    """Index into REASONS of the first failing filter before packing; null when the offer passes them all."""
    fails = _failures(order)
    chain = pl.when(fails[0][1]).then(pl.lit(fails[0][0], dtype=pl.UInt8))
    for code, failed in fails[1:]:
        chain = chain.when(failed).then(pl.lit(code, dtype=pl.UInt8))
    return chain.otherwise(pl.lit(None, dtype=pl.UInt8))


def rank(frame: pl.DataFrame, k: int, offers: pl.DataFrame | None = None) -> pl.DataFrame:
    """The k best rows by p_eff, then higher R, earlier offer_time, lower offer_id, in rank order.

    A slim frame without `offer_id` names its rows by `_idx` into `offers`; ids are then gathered only for
    the rows that reach the final sort.
    """
    if k <= 0 or frame.height == 0:
        return frame.head(0)
    if frame.height > 4 * k:
        # Every row of the top k has p_eff at most the k-th smallest p_eff, so a one-column selection
        # shrinks the frame before the four-key sort.
        cutoff = frame.get_column("p_eff").bottom_k(k).max()
        if isinstance(cutoff, float) and math.isfinite(cutoff):
            frame = frame.filter(pl.col("p_eff") <= cutoff)
    ranked = frame
    if "offer_id" not in frame.columns:
        if offers is None:
            raise ValueError("rank needs the offers frame to break ties by offer_id.")
        ranked = frame.with_columns(offer_id=offers.get_column("offer_id").gather(frame.get_column("_idx")))
    by = list(RANK_BY)
    ranked = ranked.sort(by, descending=list(RANK_DESCENDING), nulls_last=True).head(k)
    return ranked if "offer_id" in frame.columns else ranked.drop("offer_id")


def screen(order: Order, offers: pl.DataFrame) -> pl.DataFrame:
    """Every offer with its reason code (null = eligible), packable replicas, ask per requested GPU-hour and p_eff.

    Rows keep the input order; sort with `rank` for the ranking.
    """
    frame = prepare_offers(offers)
    reasons = pl.Enum(list(REASONS))
    packable = packable_expr(order)
    code = reason_code_expr(order)
    with_code = pl.coalesce(
        code, pl.when(packable < needed_replicas(order)).then(pl.lit(CAPACITY, dtype=pl.UInt8))
    )
    return frame.with_columns(
        reason=with_code.replace_strict(list(range(len(REASONS))), list(REASONS), return_dtype=reasons),
        packable_replicas=packable,
        billed_gpus_per_replica=billed_per_replica_expr(order),
        unit_usd=unit_price_expr(order),
        p_eff=p_eff_expr(order),
    )
