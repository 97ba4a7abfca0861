"""A pricing suggestion for a local-network operator: its ask against the clearing price and its utilization against the market's."""

from __future__ import annotations

import math
from dataclasses import dataclass

TOO_IDLE = 0.75        # below this share of the market's utilization an ask is probably too high
VERY_BUSY = 1.25       # above it, the operator leaves money on the table


@dataclass(frozen=True)
class Suggestion:
    action: str                    # lower | raise | keep | unknown
    price: float | None            # suggested ask, USD per GPU-hour
    why: str


def suggest(my_ask: float, clearing: float | None, my_utilization: float | None, market_utilization: float | None) -> Suggestion:
    """Asks above the clearing price only sell when demand overflows; asks below it sell at the clearing price anyway.

    So an idle operator asking over the clearing price should come down to it, and a busy one asking well under it can
    go up to it without losing leases: either way the suggestion is the clearing price, rounded to the cent.
    """
    if clearing is None or my_utilization is None or market_utilization is None or any(
        math.isnan(x) for x in (clearing, my_utilization, market_utilization)
    ):
        return Suggestion("unknown", None, "not enough trades or hours yet to compare")
    target = round(clearing, 2)
    ratio = my_utilization / market_utilization if market_utilization > 0 else math.inf
    if my_ask > clearing and ratio < TOO_IDLE:
        return Suggestion("lower", target, f"your ask is {my_ask / clearing - 1:.0%} over the clearing price and your GPUs are leased "
                                           f"{my_utilization:.0%} of the time against {market_utilization:.0%} for the market")
    if my_ask < clearing * 0.95 and ratio > VERY_BUSY:
        return Suggestion("raise", target, f"your GPUs are leased {my_utilization:.0%} of the time against {market_utilization:.0%} "
                                           f"for the market, and leases clear {clearing / my_ask - 1:.0%} above your ask")
    if ratio < TOO_IDLE:
        why = (f"your ask is already at or under the clearing price: the idle hours ({my_utilization:.0%} leased against "
               f"{market_utilization:.0%} for the market) come from when and where your GPUs are up, not from the price")
    elif ratio > VERY_BUSY:
        why = f"your GPUs are leased {my_utilization:.0%} of the time against {market_utilization:.0%} at an ask near the clearing price"
    else:
        why = f"your utilization ({my_utilization:.0%}) is in line with the market's ({market_utilization:.0%}) at your ask"
    return Suggestion("keep", round(my_ask, 2), why)
