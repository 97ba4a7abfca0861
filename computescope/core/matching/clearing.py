"""Uniform-price batch clearing of divisible GPU-hours (a call auction), in O(n log n) without unit steps."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

# Bids are served highest price first, asks lowest first.
_BEST_HIGH = {"bids": True, "asks": False}


@dataclass(frozen=True)
class Clearing:
    """One uniform clearing price and volume; `bids` and `asks` are the input rows with `fill` and `gain` added."""

    price: float | None
    price_low: float | None
    price_high: float | None
    volume: float
    bids: pl.DataFrame
    asks: pl.DataFrame
    buyer_gain: float
    seller_gain: float

    @property
    def total_gain(self) -> float:
        return round(self.buyer_gain + self.seller_gain, 6)

    @property
    def interval(self) -> tuple[float, float] | None:
        if self.price_low is None or self.price_high is None:
            return None
        return (self.price_low, self.price_high)

    def bid_fills(self) -> dict[Any, float]:
        """Filled quantity per bid id, for bids that trade, in priority order."""
        return _fills(self.bids, "bids")

    def ask_fills(self) -> dict[Any, float]:
        """Filled quantity per ask id, for asks that trade, in priority order."""
        return _fills(self.asks, "asks")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary; only participants with a non-zero fill are listed."""
        return {
            "price": self.price,
            "interval": list(self.interval) if self.interval is not None else None,
            "volume": self.volume,
            "buyer_gain": self.buyer_gain,
            "seller_gain": self.seller_gain,
            "total_gain": self.total_gain,
            "n_bids": self.bids.height,
            "n_asks": self.asks.height,
            "bids": _filled(self.bids, "bids").select("id", "price", "qty", "fill", "gain").to_dicts(),
            "asks": _filled(self.asks, "asks").select("id", "price", "qty", "fill", "gain").to_dicts(),
        }


def _filled(frame: pl.DataFrame, side: str) -> pl.DataFrame:
    by = ["price", "time"] if "time" in frame.columns else ["price"]
    descending = [_BEST_HIGH[side], False][: len(by)]
    return frame.filter(pl.col("fill") > 0).sort(
        by, descending=descending, maintain_order=True, nulls_last=True
    )


def _fills(frame: pl.DataFrame, side: str) -> dict[Any, float]:
    filled = _filled(frame, side)
    return dict(zip(filled.get_column("id").to_list(), filled.get_column("fill").to_list(), strict=True))


def _validate_side(frame: pl.DataFrame, side: str, keys: Sequence[str] = ()) -> pl.DataFrame:
    """Check one side's columns and values; price and qty come back as Float64."""
    if not isinstance(frame, pl.DataFrame):
        raise TypeError(f"{side} must be a polars DataFrame, not {type(frame).__name__}.")
    missing = [c for c in ("id", "price", "qty", *keys) if c not in frame.columns]
    if missing:
        raise ValueError(f"The {side} frame is missing required column(s): {', '.join(missing)}.")
    frame = frame.with_columns(pl.col("price").cast(pl.Float64), pl.col("qty").cast(pl.Float64))
    bad = frame.select(
        nulls=pl.any_horizontal(pl.col("id", "price", "qty").is_null()).any(),
        prices=(~pl.col("price").is_finite() | (pl.col("price") < 0)).any(),
        qtys=(~pl.col("qty").is_finite() | (pl.col("qty") < 0)).any(),
    ).row(0, named=True)
    if bad["nulls"]:
        raise ValueError(f"The {side} frame has empty id, price or qty values.")
    if bad["prices"] or bad["qtys"]:
        raise ValueError(f"Every {side[:-1]} needs a finite price and a quantity of at least 0.")
    return frame


def _time(frame: pl.DataFrame) -> np.ndarray | None:
    """Arrival times as floats (datetimes by their physical value); a missing time counts as latest."""
    if "time" not in frame.columns:
        return None
    return frame.get_column("time").to_physical().cast(pl.Float64).fill_null(math.inf).to_numpy()


def _by_price(price: np.ndarray, best_high: bool) -> tuple[np.ndarray, np.ndarray]:
    """Stable price-priority order and the ascending sort key it follows."""
    key = -price if best_high else price
    order = np.argsort(key, kind="stable")
    return order, key[order]


def _levels(price: np.ndarray, cum: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Price levels of a sorted side and the cumulative quantity through the end of each level."""
    last = np.append(np.flatnonzero(price[1:] != price[:-1]), price.size - 1)
    return price[last], cum[last]


def _clear_arrays(
    bp: np.ndarray, bq: np.ndarray, ap: np.ndarray, aq: np.ndarray
) -> tuple[float, float | None, float | None]:
    """Volume and clearing interval for bids sorted by price descending and asks ascending.

    Volume Q* = max over bid levels b of min(B(b), A(b)), where B(b) is the bid quantity priced at or above b
    and A(b) the ask quantity priced at or below b: every unit up to Q* has bid ≥ ask, and no later unit does.
    """
    if bp.size == 0 or ap.size == 0:
        return 0.0, None, None
    bc = np.cumsum(bq)
    ac = np.cumsum(aq)
    bid_levels, bid_through = _levels(bp, bc)
    ask_levels, ask_through = _levels(ap, ac)
    below = np.searchsorted(ask_levels, bid_levels, side="right")
    reach = np.where(below > 0, ask_through[np.maximum(below - 1, 0)], 0.0)
    volume = float(np.minimum(bid_through, reach).max())
    if volume <= 0:
        return 0.0, None, None
    bid_k = float(bp[np.searchsorted(bc, volume, side="left")])
    ask_k = float(ap[np.searchsorted(ac, volume, side="left")])
    j = int(np.searchsorted(bc, volume, side="right"))
    bid_next = float(bp[j]) if j < bp.size else 0.0
    j = int(np.searchsorted(ac, volume, side="right"))
    ask_next = float(ap[j]) if j < ap.size else math.inf
    return volume, max(ask_k, bid_next), min(bid_k, ask_next)


def _allot(qty: np.ndarray, volume: float) -> np.ndarray:
    """Fill in priority order: each participant gets what is left of the volume, up to its quantity."""
    before = np.concatenate(([0.0], np.cumsum(qty)[:-1]))
    return np.clip(volume - before, 0.0, qty)


def _ration_by_time(
    fill: np.ndarray, order: np.ndarray, key: np.ndarray, qty: np.ndarray, time: np.ndarray | None
) -> None:
    """Re-serve, in place, the one price level the volume cuts through by arrival time.

    Levels served in full or not at all fill the same whatever their inner order, so only the marginal level
    needs the time sort; the whole side stays a single stable price sort.
    """
    if time is None or order.size == 0:
        return
    served = float(fill.sum())
    if served <= 0:
        return
    cut = min(int(np.searchsorted(np.cumsum(qty), served, side="left")), order.size - 1)
    lo = int(np.searchsorted(key, key[cut], side="left"))
    hi = int(np.searchsorted(key, key[cut], side="right"))
    by_time = np.argsort(time[order[lo:hi]], kind="stable")
    fill[lo:hi][by_time] = _allot(qty[lo:hi][by_time], float(fill[lo:hi].sum()))


def clear_batch(bids: pl.DataFrame, asks: pl.DataFrame) -> Clearing:
    """Clear one market at a single price (uniform-price double auction, midpoint of the clearing interval).

    Each frame has `id`, `price`, `qty` and optionally `time`; the rationed price level is served earliest
    time first, then in input order. The returned frames keep the input rows and order.
    """
    sides = {"bids": _validate_side(bids, "bids"), "asks": _validate_side(asks, "asks")}
    ranked = {}
    for name, frame in sides.items():
        price, qty = frame.get_column("price").to_numpy(), frame.get_column("qty").to_numpy()
        order, key = _by_price(price, _BEST_HIGH[name])
        ranked[name] = (price, order, key, price[order], qty[order])
    _, _, _, bp, bq = ranked["bids"]
    _, _, _, ap, aq = ranked["asks"]
    volume, low, high = _clear_arrays(bp, bq, ap, aq)
    price = (low + high) / 2 if low is not None and high is not None else None
    out: dict[str, pl.DataFrame] = {}
    gains: dict[str, float] = {}
    for name, frame in sides.items():
        own, order, key, _, qty_sorted = ranked[name]
        fill_sorted = _allot(qty_sorted, volume)
        _ration_by_time(fill_sorted, order, key, qty_sorted, _time(frame))
        fill = np.empty(frame.height)
        fill[order] = fill_sorted
        margin = (
            (own - price if _BEST_HIGH[name] else price - own)
            if price is not None
            else np.zeros(frame.height)
        )
        gain = fill * margin
        gains[name] = round(float(gain.sum()), 6)
        out[name] = frame.with_columns(fill=pl.Series(fill), gain=pl.Series(np.round(gain, 6)))
    return Clearing(
        price=price,
        price_low=low,
        price_high=high,
        volume=volume,
        bids=out["bids"],
        asks=out["asks"],
        buyer_gain=gains["bids"],
        seller_gain=gains["asks"],
    )


def clear_by_market(
    bids: pl.DataFrame, asks: pl.DataFrame, keys: Sequence[str] = ("gpu_model", "region")
) -> pl.DataFrame:
    """Clear every market (one per combination of `keys`) and return a price index, one row per market."""
    keys = list(keys)
    if not keys:
        raise ValueError("keys must name at least one column to group markets by.")
    frames = {"bids": _validate_side(bids, "bids", keys), "asks": _validate_side(asks, "asks", keys)}

    def rows_by_market(name: str) -> pl.DataFrame:
        grouped = frames[name].select(keys).with_row_index("_rows").group_by(keys).agg(pl.col("_rows"))
        return grouped.rename({"_rows": f"_rows_{name}"})

    markets = (
        rows_by_market("bids")
        .join(rows_by_market("asks"), on=keys, how="full", coalesce=True, nulls_equal=True)
        .sort(keys, nulls_last=True)
        .with_columns(
            n_bids=pl.col("_rows_bids").list.len().fill_null(0).cast(pl.Int64),
            n_asks=pl.col("_rows_asks").list.len().fill_null(0).cast(pl.Int64),
        )
    )
    per_side = {}
    for name, frame in frames.items():
        rows = markets.get_column(f"_rows_{name}").explode().drop_nulls().to_numpy()
        ends = np.cumsum(markets.get_column(f"n_{name}").to_numpy())
        price, qty = frame.get_column("price").to_numpy(), frame.get_column("qty").to_numpy()
        per_side[name] = (price, qty, np.split(rows, ends[:-1]))
    result: list[tuple[float | None, float | None, float | None, float]] = []
    for i in range(markets.height):
        arrays: list[np.ndarray] = []
        for name in ("bids", "asks"):
            price, qty, groups = per_side[name]
            rows = groups[i]
            order, _ = _by_price(price[rows], _BEST_HIGH[name])
            arrays += [price[rows][order], qty[rows][order]]
        volume, low, high = _clear_arrays(*arrays)
        result.append(((low + high) / 2 if low is not None and high is not None else None, low, high, volume))
    index = pl.DataFrame(
        result,
        schema={"price": pl.Float64, "price_low": pl.Float64, "price_high": pl.Float64, "volume": pl.Float64},
        orient="row",
    )
    return pl.concat([markets.select(*keys, "n_bids", "n_asks"), index], how="horizontal").select(
        *keys, "price", "price_low", "price_high", "volume", "n_bids", "n_asks"
    )
