"""The quote service: one order against every offer, as typed results that the page, the API and the CLI each shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from computescope.core.matching.quote import HYPERSCALERS, baseline_options, quote
from computescope.core.matching.screen import screen
from computescope.core.matching.types import Allocation, Option
from computescope.db import Database
from computescope.quoting.offers import OfferFacts, load_offers
from computescope.quoting.reasons import reason_text
from computescope.quoting.request import QuoteRequest


@dataclass(frozen=True)
class QuoteOption:
    """A ranked offer that can host the whole order alone, with what is known of it and its savings against the clouds."""

    option: Option
    facts: OfferFacts
    saving_vs_hyperscaler_usd: float | None
    saving_vs_cloud_usd: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.option.to_dict(),
            "provider_name": self.facts.provider_name,
            "kind": self.facts.kind,
            "price_type": self.facts.price_type,
            "firm": self.facts.firm,
            "availability": self.facts.availability,
            "available_gpus": self.facts.available_gpus,
            "instance_type": self.facts.instance_type,
            "offer": self.facts.label,
            "source_url": self.facts.source_url,
            "saving_vs_hyperscaler_usd": self.saving_vs_hyperscaler_usd,
            "saving_vs_cloud_usd": self.saving_vs_cloud_usd,
        }


@dataclass(frozen=True)
class Rejection:
    """An offer of the asked model that cannot serve the order, and why in words."""

    facts: OfferFacts
    reason: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        f = self.facts
        return {"provider": f.provider, "provider_name": f.provider_name, "provider_kind": f.provider_kind, "gpu_model": f.gpu_model, "offer": f.label,
                "region": f.region_raw, "offer_id": f.offer_id, "kind": f.kind, "reason": self.reason, "text": self.text}


@dataclass(frozen=True)
class QuoteAnswer:
    """Options over every offer; the chosen fill over firm offers only (clouds, and networks that publish free GPUs)."""

    request: QuoteRequest
    status: str                              # filled | partial | indicative (only offers of unknown availability fit) | unfilled
    options: list[QuoteOption]
    allocation: Allocation | None
    rejected: list[Rejection]
    other_models: int                        # offers of other GPU models, not listed one by one
    hyperscaler: Option | None
    cloud: Option | None
    hyperscalers: list[str]
    offers_considered: int
    allocation_facts: dict[str, OfferFacts] = field(default_factory=dict)
    provider_names: dict[str, str] = field(default_factory=dict)  # display name by provider slug, over every offer weighed

    def name(self, provider: str) -> str:
        """A provider's display name (providers.name), its slug when it has none."""
        return self.provider_names.get(provider, provider)

    @property
    def indicative_best(self) -> QuoteOption | None:
        return next((o for o in self.options if not o.facts.firm), None)

    def rejected_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {"model": self.other_models} if self.other_models else {}
        for r in self.rejected:
            counts[r.reason] = counts.get(r.reason, 0) + 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of GET /api/v1/quote (and of `computescope quote --json`)."""
        allocation = self.allocation.to_dict() if self.allocation is not None else None
        if allocation is not None:
            for fill in allocation["fills"]:
                facts = self.allocation_facts[fill["offer_id"]]
                fill.update(kind=facts.kind, availability=facts.availability, provider_name=facts.provider_name)
        return {
            "request": {**self.request.__dict__, "region": list(self.request.region)},
            "status": self.status,
            "allocation": allocation,
            "options": [o.to_dict() for o in self.options],
            "rejected": [r.to_dict() for r in self.rejected],
            "rejected_counts": self.rejected_counts(),
            "baseline": {
                "hyperscalers": self.hyperscalers,
                "hyperscaler": self.hyperscaler.to_dict() if self.hyperscaler else None,
                "cloud": self.cloud.to_dict() if self.cloud else None,
                "provider_names": {o.provider: self.name(o.provider) for o in (self.hyperscaler, self.cloud) if o is not None},
            },
            "offers_considered": self.offers_considered,
        }


def _rejections(request: QuoteRequest, offers: pl.DataFrame, facts: dict[str, OfferFacts]) -> tuple[list[Rejection], int]:
    order = request.to_order()
    screened = screen(order, offers).filter(pl.col("reason").is_not_null())
    others = screened.filter(pl.col("reason") == "model").height
    out = [
        Rejection(facts[row["offer_id"]], str(row["reason"]), reason_text(str(row["reason"]), row, facts[row["offer_id"]], order))
        for row in screened.filter(pl.col("reason") != "model").sort("provider_kind", "provider", "unit_usd").iter_rows(named=True)
    ]
    return out, others


def run_quote(db: Database, request: QuoteRequest, limit: int = 20) -> QuoteAnswer:
    """Rank every offer, fill from the firm ones, name each rejected offer's reason, and price the clouds' baseline."""
    offers, facts = load_offers(db)
    order = request.to_order()
    ranked = quote(order, offers, limit=limit)
    firm_ids = [k for k, f in facts.items() if f.firm]
    firm = quote(order, offers.filter(pl.col("offer_id").is_in(firm_ids)), limit=1)
    hyper, cloud = baseline_options(order, offers)
    options = [
        QuoteOption(o, facts[o.offer_id],
                    hyper.total_usd - o.total_usd if hyper else None, cloud.total_usd - o.total_usd if cloud else None)
        for o in ranked.options
    ]
    status = firm.status
    if status == "unfilled" and options:
        status = "indicative"
    rejected, others = _rejections(request, offers, facts)
    return QuoteAnswer(
        request=request, status=status, options=options, allocation=firm.allocation, rejected=rejected, other_models=others,
        hyperscaler=hyper, cloud=cloud, hyperscalers=sorted(HYPERSCALERS),
        offers_considered=offers.height,
        allocation_facts={f.offer_id: facts[f.offer_id] for f in (firm.allocation.fills if firm.allocation else ())},
        provider_names={f.provider: f.provider_name for f in facts.values()},
    )

