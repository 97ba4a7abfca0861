"""One GPU model across every network and cloud: inventory by measure, prices against the cloud baseline, history, a one-node quote."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote as url_quote

import polars as pl

from computescope.core.catalog.gpu_models import MODELS, GpuModel
from computescope.core.catalog.gpus import closest_models, known_models, normalize_gpu
from computescope.core.catalog.networks import NETWORKS
from computescope.db import Database
from computescope.explorer.data import frame, hyperscaler_median, records
from computescope.explorer.pricing import baselines, with_discounts
from computescope.quoting.answer import QuoteAnswer, run_quote
from computescope.quoting.request import NODE_GPUS, QuoteInputError, parse_request

NAME = re.compile(r"[A-Za-z0-9 ._\-]{1,64}")
SIMULATED = "simulated"
SIMULATED_PROVIDERS = [n.slug for n in NETWORKS if n.simulated]
BY_NAME: dict[str, GpuModel] = {m.name: m for m in MODELS}


class UnknownModel(LookupError):
    """A model name that is neither catalogued nor seen in any data; the message names the closest known models."""


def gpu_href(model: str) -> str:
    """The page of one model; the name is the catalogue's canonical one."""
    return "/gpus/" + url_quote(model, safe="")


def seen_models() -> list[str]:
    return frame("gpu_index")["gpu_model"].to_list()


def resolve(raw: str) -> str:
    """The canonical name of a model from any spelling ('h100 sxm' -> 'H100'); a name only the data uses stays as it is."""
    text = raw.strip()
    if not NAME.fullmatch(text):
        raise ValueError("a GPU model name is 1 to 64 letters, digits, spaces, dots, dashes or underscores")
    spec = normalize_gpu(text)
    if spec.known and spec.model != "*":
        return spec.model
    seen = seen_models()
    exact = next((m for m in seen if m.lower() == text.lower()), None)
    if exact is not None:
        return exact
    hints = closest_models(text) or [m for m in known_models() if m in seen][:3]
    raise UnknownModel(f"unknown GPU model {text!r}; closest known: {', '.join(hints) or 'none'}")


@dataclass(frozen=True)
class GpuView:
    model: str
    catalogued: GpuModel | None
    inventory: pl.DataFrame      # network × measure, newest; measures are never added together
    prices: pl.DataFrame         # one headline per provider, with vs_hyperscaler and vs_cheapest_cloud (fractions cheaper)
    baseline: dict[str, Any] | None
    cheapest_network: dict[str, Any] | None  # the cheapest network price (pricing.baselines): provider, price, type, source, kind
    cheapest_cloud: dict[str, Any] | None  # the cheapest cloud offer on demand: provider, price, region, source, kind
    utilization: pl.DataFrame    # network × day
    price_history: pl.DataFrame  # provider × price type × day
    quote: QuoteAnswer | None
    quote_note: str | None       # why there is no quote

    def real(self, df: pl.DataFrame) -> pl.DataFrame:
        return df.filter(pl.col("kind") != SIMULATED)

    def simulated(self, df: pl.DataFrame) -> pl.DataFrame:
        return df.filter(pl.col("kind") == SIMULATED)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of GET /api/v1/gpus/<model>."""
        spec = self.catalogued
        return {
            "model": self.model,
            "catalogue": {"vendor": spec.vendor, "gpu_class": spec.gpu_class, "memory_gb": list(spec.memory_gb),
                          "interfaces": list(spec.interfaces)} if spec else None,
            "inventory": records(self.inventory),
            "prices": records(self.prices),
            "baseline": {"hyperscaler_median": records(pl.DataFrame([self.baseline]))[0] if self.baseline else None,
                         "cheapest_network": records(pl.DataFrame([self.cheapest_network]))[0] if self.cheapest_network else None,
                         "cheapest_cloud": records(pl.DataFrame([self.cheapest_cloud]))[0] if self.cheapest_cloud else None},
            "utilization": records(self.utilization),
            "price_history": records(self.price_history),
            "quote": {"request": {"gpu": self.model, "count": NODE_GPUS, "per_node": NODE_GPUS, "hours": 1},
                      "answer": self.quote.to_dict() if self.quote else None, "note": self.quote_note},
        }


def one_node_quote(db: Database, model: str) -> tuple[QuoteAnswer | None, str | None]:
    """The quote for one node (8 GPUs on one machine) for one hour, from the quote service."""
    try:
        request = parse_request({"gpu": model, "count": NODE_GPUS, "per_node": NODE_GPUS, "hours": 1})
    except QuoteInputError as exc:
        return None, str(exc)
    return run_quote(db, request), None


def gpu_view(db: Database, model: str) -> GpuView:
    # the simulated local network is shown, labelled, but never part of a cloud baseline
    latest = frame("prices_for_model", {"model": model, "vram": None}).filter(~pl.col("provider").is_in(SIMULATED_PROVIDERS))
    median = hyperscaler_median(model)
    base = replace(baselines(latest), hyperscaler_median=median["usd_per_gpu_hour"] if median else None)
    prices = with_discounts(frame("model_prices", {"model": model}), base)
    answer, note = one_node_quote(db, model)
    return GpuView(
        model=model,
        catalogued=BY_NAME.get(model),
        inventory=frame("gpu_inventory", {"model": model}),
        prices=prices,
        baseline=median,
        cheapest_network=base.cheapest_network_row,
        cheapest_cloud=base.cheapest_cloud_row,
        utilization=frame("gpu_utilization", {"model": model}),
        price_history=frame("gpu_price_history", {"model": model}),
        quote=answer,
        quote_note=note,
    )
