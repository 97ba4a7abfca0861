"""Tests for the matching core: eligibility, ranking, fills, cloud baseline and uniform-price clearing."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import numpy as np
import polars as pl
import pytest

from computescope.core.matching.clearing import clear_batch, clear_by_market
from computescope.core.matching.offers import offers_frame
from computescope.core.matching.quote import baseline, quote
from computescope.core.matching.screen import REASONS, screen
from computescope.core.matching.types import Order


def offer(
    offer_id: str, model: str, free: list[int] | None, region: str, ask: float, **extra: Any
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "offer_id": offer_id,
        "provider": f"prov-{offer_id}",
        "provider_kind": "network",
        "source": "akash",
        "observed_at": datetime(2025, 3, 1, 12, 0, tzinfo=UTC),
        "gpu_model": model,
        "vram_gb": 80.0,
        "interface": "sxm",
        "region": region,
        "usd_per_gpu_hour": ask,
        "node_free": free,
    }
    row.update(extra)
    return row


# The §A6 table: P1..P7 against order M1.
M1_ROWS = [
    offer("P1", "H100", [8], "us-east", 2.10, reputation=0.90, uptime=0.99),
    offer("P2", "H100", [8], "eu-west", 1.95, reputation=0.60, uptime=0.97),
    offer("P3", "H100", [8, 8], "ap-south", 1.50, reputation=0.95, uptime=0.99),
    offer("P4", "A100", [8], "us-east", 1.20, reputation=0.95, uptime=0.99),
    offer("P5", "H100", [4, 4], "us-east", 1.80, reputation=0.95, uptime=0.99),
    offer("P6", "H100", [8], "us-east", 2.60, reputation=0.95, uptime=0.99),
    offer("P7", "H100", [8], "us-east", 1.70, reputation=0.95, uptime=0.90),
]

M1 = Order(
    gpu_model="H100",
    vram_gb=80,
    gpus_per_replica=8,
    hours=72,
    regions=("us-east", "eu-west"),
    max_price=2.50,
    min_uptime=0.95,
)


@pytest.fixture
def m1_offers() -> pl.DataFrame:
    return offers_frame(M1_ROWS)


def reasons(order: Order, offers: pl.DataFrame) -> dict[str, str | None]:
    frame = screen(order, offers)
    return dict(zip(frame["offer_id"].to_list(), frame["reason"].cast(pl.String).to_list(), strict=True))


# --- §A6 vectors -------------------------------------------------------------------------------------------


def test_m1_lowest_price_wins_at_lambda_zero(m1_offers: pl.DataFrame) -> None:
    q = quote(M1, m1_offers)
    assert q.status == "filled"
    assert [o.offer_id for o in q.options] == ["P2", "P1"]
    assert q.allocation is not None
    (leg,) = q.allocation.fills
    assert leg.offer_id == "P2"
    assert leg.usd_per_gpu_hour == 1.95
    assert leg.hourly_usd == 15.60
    assert leg.total_usd == 1123.20
    assert q.allocation.total_usd == 1123.20
    assert q.filled_gpus == q.requested_gpus == 8
    assert q.unfilled_reason is None


def test_m1_reputation_weight_picks_p1_and_pays_its_ask(m1_offers: pl.DataFrame) -> None:
    q = quote(replace(M1, reputation_weight=0.5), m1_offers)
    assert [o.offer_id for o in q.options] == ["P1", "P2"]
    assert q.options[0].p_eff == pytest.approx(2.205)
    assert q.options[1].p_eff == pytest.approx(2.34)
    assert q.allocation is not None
    (leg,) = q.allocation.fills
    assert (leg.offer_id, leg.usd_per_gpu_hour, leg.total_usd) == ("P1", 2.10, 1209.60)


def test_m1_two_replicas_split_across_p2_and_p1(m1_offers: pl.DataFrame) -> None:
    q = quote(replace(M1, replicas=2, allow_split=True), m1_offers)
    assert q.status == "filled"
    assert q.allocation is not None
    assert [(f.offer_id, f.gpus) for f in q.allocation.fills] == [("P2", 8), ("P1", 8)]
    assert q.allocation.hourly_usd == 32.40
    assert q.allocation.total_usd == 2332.80
    assert q.allocation.providers == ("prov-P2", "prov-P1")
    assert q.filled_gpus == 16
    # Neither offer can host both replicas alone, so there is no single-provider option.
    assert q.options == []


def test_m1_two_replicas_without_split_is_unfilled_for_capacity(m1_offers: pl.DataFrame) -> None:
    q = quote(replace(M1, replicas=2), m1_offers)
    assert q.status == "unfilled"
    assert q.unfilled_reason == "capacity"
    assert q.allocation is None
    assert q.filled_gpus == 0
    assert q.rejected["capacity"] == 3  # P1, P2 (one replica each) and P5 (fragmented)


def test_m1_reject_reasons_by_offer(m1_offers: pl.DataFrame) -> None:
    assert reasons(M1, m1_offers) == {
        "P1": None,
        "P2": None,
        "P3": "region",
        "P4": "model",
        "P5": "capacity",
        "P6": "price",
        "P7": "uptime",
    }
    q = quote(M1, m1_offers)
    assert q.rejected == {r: 0 for r in REASONS} | {
        "region": 1,
        "model": 1,
        "capacity": 1,
        "price": 1,
        "uptime": 1,
    }
    assert q.n_offers == 7
    assert q.n_eligible == 2


def test_tie_broken_by_earlier_offer_time_then_lower_id() -> None:
    base = Order(gpu_model="H100", gpus_per_replica=1, hours=1)
    later = offer("T1", "H100", [1], "us-east", 2.00, reputation=0.8, offer_time=10.0)
    earlier = offer("T2", "H100", [1], "us-east", 2.00, reputation=0.8, offer_time=5.0)
    assert [o.offer_id for o in quote(base, offers_frame([later, earlier])).options] == ["T2", "T1"]
    same_b = offer("b", "H100", [1], "us-east", 2.00, reputation=0.8, offer_time=5.0)
    same_a = offer("a", "H100", [1], "us-east", 2.00, reputation=0.8, offer_time=5.0)
    assert [o.offer_id for o in quote(base, offers_frame([same_b, same_a])).options] == ["a", "b"]


def test_tie_broken_by_higher_reputation_first() -> None:
    base = Order(gpu_model="H100", gpus_per_replica=1, hours=1)
    low = offer("a", "H100", [1], "us-east", 2.00, reputation=0.7, offer_time=0.0)
    high = offer("z", "H100", [1], "us-east", 2.00, reputation=0.9, offer_time=99.0)
    assert [o.offer_id for o in quote(base, offers_frame([low, high])).options] == ["z", "a"]


def test_ranking_matches_a_full_sort_with_many_ties() -> None:
    rng = np.random.default_rng(5)
    ids = [f"id{i:04d}" for i in rng.permutation(400)]
    rows = [
        offer(
            ids[i],
            "A100",
            [1],
            "us-east",
            float(rng.choice([1.0, 1.1, 1.2])),
            reputation=float(rng.choice([0.5, 0.8])),
            offer_time=float(rng.choice([0.0, 5.0])),
        )
        for i in range(400)
    ]
    order = Order(gpu_model="A100", gpus_per_replica=1, hours=1, reputation_weight=0.5)
    expected = sorted(
        rows,
        key=lambda r: (
            r["usd_per_gpu_hour"] * (1 + 0.5 * (1 - r["reputation"])),
            -r["reputation"],
            r["offer_time"],
            r["offer_id"],
        ),
    )
    q = quote(order, offers_frame(rows), limit=30)
    assert [o.offer_id for o in q.options] == [r["offer_id"] for r in expected[:30]]


def test_offer_without_a_usable_price_is_rejected_for_price() -> None:
    frame = offers_frame([offer("ok", "H100", [8], "us-east", 2.0)]).vstack(
        offers_frame([offer("nan", "H100", [8], "us-east", 2.0)]).with_columns(
            usd_per_gpu_hour=pl.lit(float("nan"))
        )
    )
    order = Order(gpu_model="H100", gpus_per_replica=8, hours=1)
    assert reasons(order, frame) == {"ok": None, "nan": "price"}
    assert [o.offer_id for o in quote(order, frame).options] == ["ok"]


def book(prices: list[float], qtys: list[float], prefix: str) -> pl.DataFrame:
    return pl.DataFrame(
        {"id": [f"{prefix}{i + 1}" for i in range(len(prices))], "price": prices, "qty": qtys}
    )


def test_batch_clearing_vector_with_degenerate_interval() -> None:
    bids = book([3.00, 2.50, 2.00, 1.50], [100, 200, 150, 100], "B")
    asks = book([1.20, 1.80, 2.20, 2.80], [120, 150, 200, 100], "S")
    c = clear_batch(bids, asks)
    assert c.volume == 300
    assert c.price == pytest.approx(2.20)
    assert c.interval == pytest.approx((2.20, 2.20))
    assert c.bid_fills() == {"B1": 100, "B2": 200}
    assert c.ask_fills() == {"S1": 120, "S2": 150, "S3": 30}
    assert c.buyer_gain == 140
    assert c.seller_gain == 180
    assert c.total_gain == 320


def test_batch_clearing_vector_with_open_interval() -> None:
    c = clear_batch(book([3.00, 2.50], [100, 200], "B"), book([1.20, 1.80], [120, 180], "S"))
    assert c.volume == 300
    assert c.interval == pytest.approx((1.80, 2.50))
    assert c.price == pytest.approx(2.15)
    assert c.bid_fills() == {"B1": 100, "B2": 200}
    assert c.ask_fills() == {"S1": 120, "S2": 180}
    assert c.buyer_gain == pytest.approx(0.85 * 100 + 0.35 * 200)
    assert c.seller_gain == pytest.approx(0.95 * 120 + 0.35 * 180)


# --- every filter, asserted by offer -------------------------------------------------------------------------


def test_each_filter_has_its_reason_code() -> None:
    order = Order(
        gpu_model="H100",
        gpus_per_replica=4,
        hours=48,
        vram_gb=80,
        interface="sxm",
        regions=("us-east",),
        max_price=3.0,
        min_uptime=0.9,
        min_tier=2,
        buyer_score=0.6,
    )
    rows = [
        offer("ok", "H100", [4], "us-east", 2.0, tier=2),
        offer("model", "A100", [4], "us-east", 2.0, tier=2),
        offer("vram", "H100", [4], "us-east", 2.0, tier=2, vram_gb=40.0),
        offer("vram-unknown", "H100", [4], "us-east", 2.0, tier=2, vram_gb=None),
        offer("interface", "H100", [4], "us-east", 2.0, tier=2, interface="pcie"),
        offer("region", "H100", [4], "eu-west", 2.0, tier=2),
        offer("price", "H100", [4], "us-east", 3.5, tier=2),
        offer("min-hours", "H100", [4], "us-east", 2.0, tier=2, min_hours=72.0),
        offer("window", "H100", [4], "us-east", 2.0, tier=2, max_hours=24.0),
        offer("uptime", "H100", [4], "us-east", 2.0, tier=2, uptime=0.85),
        offer("tier", "H100", [4], "us-east", 2.0, tier=1),
        offer("suspended", "H100", [4], "us-east", 2.0, tier=2, suspended=True),
        offer("buyer", "H100", [4], "us-east", 2.0, tier=2, min_buyer_score=0.8),
        offer("capacity", "H100", [3, 2], "us-east", 2.0, tier=2),
        # Fails model and price: counted once, under the first filter in the fixed order.
        offer("first-wins", "A100", [4], "us-east", 9.0, tier=2),
    ]
    assert reasons(order, offers_frame(rows)) == {
        "ok": None,
        "model": "model",
        "vram": "vram",
        "vram-unknown": "vram",
        "interface": "interface",
        "region": "region",
        "price": "price",
        "min-hours": "duration",
        "window": "duration",
        "uptime": "uptime",
        "tier": "tier",
        "suspended": "suspended",
        "buyer": "buyer_rejected",
        "capacity": "capacity",
        "first-wins": "model",
    }
    q = quote(order, offers_frame(rows))
    assert q.rejected == {
        "model": 2,
        "vram": 2,
        "interface": 1,
        "region": 1,
        "price": 1,
        "duration": 2,
        "uptime": 1,
        "tier": 1,
        "suspended": 1,
        "buyer_rejected": 1,
        "capacity": 1,
    }
    assert sum(q.rejected.values()) + q.n_eligible == q.n_offers
    assert [o.offer_id for o in q.options] == ["ok"]


def test_two_way_match_provider_rejects_low_buyer_score() -> None:
    rows = [offer("picky", "H100", [8], "us-east", 1.5, min_buyer_score=0.7)]
    low = Order(gpu_model="H100", gpus_per_replica=8, hours=10, buyer_score=0.5)
    q = quote(low, offers_frame(rows))
    assert q.status == "unfilled"
    assert q.unfilled_reason == "buyer_rejected"
    assert q.rejected["buyer_rejected"] == 1
    assert quote(replace(low, buyer_score=0.7), offers_frame(rows)).status == "filled"


def test_unfilled_reason_names_the_filter_that_removed_the_last_offers(m1_offers: pl.DataFrame) -> None:
    q = quote(replace(M1, min_tier=3), m1_offers)
    assert q.status == "unfilled"
    assert q.unfilled_reason == "tier"
    assert q.rejected["tier"] == 3  # P1, P2 and P5 passed everything before the tier floor


# --- wildcard, split and partial fills --------------------------------------------------------------------


def wildcard_nodes() -> pl.DataFrame:
    # Akash's acceptance vector: node A has 2×A100, node B 2×H100.
    return offers_frame(
        [
            offer("A", "A100", [2], "us-east", 1.20, provider="prov-X"),
            offer("B", "H100", [2], "us-east", 2.00, provider="prov-X"),
        ]
    )


def test_wildcard_freezes_to_first_fitting_model_and_never_mixes() -> None:
    order = Order(gpu_model="*", gpus_per_replica=1, replicas=3, hours=5, allow_split=True)
    q = quote(order, wildcard_nodes())
    assert q.status == "unfilled"
    assert q.unfilled_reason == "capacity"
    assert q.allocation is None

    partial = quote(replace(order, allow_partial=True, min_fill=0.5), wildcard_nodes())
    assert partial.status == "partial"
    assert partial.frozen_model == "A100"
    assert partial.allocation is not None
    assert [(f.offer_id, f.gpu_model, f.replicas) for f in partial.allocation.fills] == [("A", "A100", 2)]
    assert {f.gpu_model for f in partial.allocation.fills} == {"A100"}
    assert (partial.filled_gpus, partial.requested_gpus) == (2, 3)


def test_wildcard_without_split_lists_every_model_and_picks_the_cheapest() -> None:
    order = Order(gpu_model="*", gpus_per_replica=2, hours=5)
    q = quote(order, wildcard_nodes())
    assert [o.offer_id for o in q.options] == ["A", "B"]
    assert q.frozen_model == "A100"


def test_wildcard_vendor_narrows_the_model() -> None:
    rows = [
        offer("nv", "H100", [8], "us-east", 2.0),
        offer("amd", "MI300X", [8], "us-east", 2.5, vram_gb=192.0),
    ]
    q = quote(Order(gpu_model="*", vendor="AMD", gpus_per_replica=8, hours=1), offers_frame(rows))
    assert [o.offer_id for o in q.options] == ["amd"]
    assert q.rejected["model"] == 1


def test_partial_fill_respects_min_fill() -> None:
    rows = [offer("three", "H100", [2, 1], "us-east", 2.0), offer("one", "H100", [1], "us-east", 1.0)]
    order = Order(
        gpu_model="H100", gpus_per_replica=1, replicas=4, hours=10, allow_partial=True, min_fill=0.75
    )
    q = quote(order, offers_frame(rows))
    assert q.status == "partial"
    assert q.allocation is not None
    # Without a split the single offer hosting the most replicas serves the order.
    assert [(f.offer_id, f.replicas) for f in q.allocation.fills] == [("three", 3)]
    assert (q.filled_gpus, q.requested_gpus) == (3, 4)
    assert q.allocation.total_usd == 60.0
    # "one" can host too few replicas to reach min_fill on its own.
    assert q.rejected["capacity"] == 1

    strict = quote(replace(order, min_fill=0.8), offers_frame(rows))
    assert strict.status == "unfilled"
    assert strict.unfilled_reason == "capacity"
    assert strict.filled_gpus == 0

    split = quote(replace(order, min_fill=0.8, allow_split=True), offers_frame(rows))
    assert split.status == "filled"
    assert split.allocation is not None
    assert [(f.offer_id, f.replicas) for f in split.allocation.fills] == [("one", 1), ("three", 3)]


def test_partial_with_split_stops_short_when_capacity_runs_out() -> None:
    rows = [offer("a", "H100", [8, 8], "us-east", 2.0), offer("b", "H100", [8, 4], "us-east", 2.2)]
    order = Order(
        gpu_model="H100",
        gpus_per_replica=8,
        replicas=5,
        hours=2,
        allow_split=True,
        allow_partial=True,
        min_fill=0.6,
    )
    q = quote(order, offers_frame(rows))
    assert q.status == "partial"
    assert q.allocation is not None
    assert [(f.offer_id, f.gpus) for f in q.allocation.fills] == [("a", 16), ("b", 8)]
    assert (q.filled_gpus, q.requested_gpus) == (24, 40)
    assert q.allocation.hourly_usd == pytest.approx(16 * 2.0 + 8 * 2.2)


# --- unlimited cloud offers and the baseline ---------------------------------------------------------------


def cloud(
    offer_id: str, provider: str, model: str, ask: float, per_instance: int | None, **extra: Any
) -> dict[str, Any]:
    return offer(
        offer_id,
        model,
        None,
        extra.pop("region", "us-east"),
        ask,
        provider=provider,
        provider_kind="cloud",
        source=f"{provider}-catalog",
        gpus_per_node=per_instance,
        **extra,
    )


def test_unlimited_cloud_offer_hosts_any_number_of_replicas_that_fit_an_instance() -> None:
    offers = offers_frame([cloud("p5", "aws", "H100", 4.0, 8)])
    many = quote(Order(gpu_model="H100", gpus_per_replica=8, replicas=50, hours=1), offers)
    assert many.status == "filled"
    assert many.options[0].gpus == 400
    assert many.options[0].total_usd == 1600.0
    too_big = quote(Order(gpu_model="H100", gpus_per_replica=16, hours=1), offers)
    assert too_big.status == "unfilled"
    assert too_big.unfilled_reason == "capacity"


def test_unlimited_instance_is_billed_whole_and_ranked_by_cost_per_requested_gpu() -> None:
    offers = offers_frame(
        [
            cloud("big", "aws", "H100", 2.0, 8),  # 1 GPU needed, 8 paid: 16 USD/h
            cloud("small", "lambda", "H100", 3.0, 1),
            cloud("per-gpu", "runpod", "H100", 3.5, None),
        ]
    )
    q = quote(Order(gpu_model="H100", gpus_per_replica=1, hours=10), offers)
    assert [o.offer_id for o in q.options] == ["small", "per-gpu", "big"]
    big = q.options[2]
    assert (big.gpus, big.billed_gpus, big.hourly_usd, big.p_eff) == (1, 8, 16.0, 16.0)
    capped = quote(Order(gpu_model="H100", gpus_per_replica=1, hours=10, max_price=5.0), offers)
    assert (
        reasons(Order(gpu_model="H100", gpus_per_replica=1, hours=10, max_price=5.0), offers)["big"]
        == "price"
    )
    assert [o.offer_id for o in capped.options] == ["small", "per-gpu"]


def test_baseline_reports_cheapest_hyperscaler_and_cheapest_cloud(m1_offers: pl.DataFrame) -> None:
    clouds = [
        cloud("aws-p5", "aws", "H100", 6.88, 8),
        cloud("gcp-a3", "gcp", "H100", 7.20, 8, region="eu-west"),
        cloud("lambda-h100", "lambda", "H100", 2.99, 8),
        cloud("cw-tokyo", "coreweave", "H100", 2.00, 8, region="ap-northeast"),
        cloud("aws-a100", "aws", "A100", 3.00, 8),
    ]
    offers = offers_frame(M1_ROWS + clouds)
    base = baseline(M1, offers)
    assert base["hyperscaler"]["offer_id"] == "aws-p5"
    assert base["hyperscaler"]["total_usd"] == pytest.approx(6.88 * 8 * 72)
    # Above M1's 2.50 price cap, yet a baseline ignores the cap; the network offers never count.
    assert base["cloud"]["offer_id"] == "lambda-h100"
    assert base["cloud"]["total_usd"] == pytest.approx(2.99 * 8 * 72)
    assert (base["requested_gpus"], base["hours"]) == (8, 72.0)

    custom = baseline(M1, offers, hyperscalers={"GCP"})
    assert custom["hyperscaler"]["offer_id"] == "gcp-a3"

    networks_only = baseline(M1, offers_frame(M1_ROWS))
    assert networks_only["cloud"] is None and networks_only["hyperscaler"] is None


# --- inputs, validation and serialisation ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"gpus_per_replica": 0}, "gpus_per_replica"),
        ({"gpus_per_replica": True}, "gpus_per_replica"),
        ({"replicas": -1}, "replicas"),
        ({"hours": 0}, "hours"),
        ({"hours": float("inf")}, "hours"),
        ({"gpu_model": " "}, "gpu_model"),
        ({"vendor": "nvidia"}, "vendor"),
        ({"vram_gb": -8}, "vram_gb"),
        ({"interface": "nvlink"}, "interface"),
        ({"regions": "us-east"}, "regions"),
        ({"regions": ()}, "regions"),
        ({"max_price": -1}, "max_price"),
        ({"min_uptime": 1.5}, "min_uptime"),
        ({"min_tier": -1}, "min_tier"),
        ({"buyer_score": 2}, "buyer_score"),
        ({"min_fill": 0}, "min_fill"),
        ({"reputation_weight": -0.1}, "reputation_weight"),
    ],
)
def test_order_validation_explains_the_problem(kwargs: dict[str, Any], message: str) -> None:
    fields = {"gpu_model": "H100", "gpus_per_replica": 8, "hours": 72} | kwargs
    with pytest.raises(ValueError, match=message):
        Order(**fields)


def test_order_normalises_regions_and_numbers() -> None:
    order = Order(gpu_model="*", vendor=" NVIDIA ", gpus_per_replica=2, hours=3, regions=["us-east"])  # type: ignore[arg-type]
    assert order.regions == ("us-east",)
    assert order.vendor == "nvidia"
    assert order.hours == 3.0 and isinstance(order.hours, float)
    assert order.requested_gpus == 2


def test_empty_offers_frame_leaves_everything_unfilled() -> None:
    for empty in (offers_frame([]), pl.DataFrame()):
        q = quote(replace(M1, allow_split=True, allow_partial=True, min_fill=0.5), empty)
        assert q.status == "unfilled"
        assert q.unfilled_reason == "no_offers"
        assert q.options == [] and q.allocation is None
        assert q.rejected == {r: 0 for r in REASONS}
        assert q.n_offers == 0
        assert screen(M1, empty).height == 0
        assert baseline(M1, empty)["cloud"] is None
        json.dumps(q.to_dict())


def test_offers_frame_fills_defaults_and_types() -> None:
    frame = offers_frame(
        [
            {
                "offer_id": "x",
                "provider": "p",
                "provider_kind": "network",
                "gpu_model": "L4",
                "region": "eu",
                "usd_per_gpu_hour": 1,
            }
        ]
    )
    row = frame.row(0, named=True)
    assert (row["uptime"], row["tier"], row["reputation"], row["suspended"], row["offer_time"]) == (
        1.0,
        0,
        1.0,
        False,
        0.0,
    )
    assert row["node_free"] is None and row["min_buyer_score"] is None
    assert frame.schema["usd_per_gpu_hour"] == pl.Float64
    assert frame.schema["node_free"] == pl.List(pl.Int64)
    assert frame.schema["tier"] == pl.Int64


def test_offers_frame_names_missing_columns() -> None:
    with pytest.raises(ValueError, match="provider_kind, region"):
        offers_frame([{"offer_id": "x", "provider": "p", "gpu_model": "L4", "usd_per_gpu_hour": 1.0}])
    with pytest.raises(ValueError, match="usd_per_gpu_hour"):
        quote(
            M1,
            pl.DataFrame(
                {
                    "offer_id": ["x"],
                    "provider": ["p"],
                    "provider_kind": ["cloud"],
                    "gpu_model": ["H100"],
                    "region": ["us-east"],
                }
            ),
        )


def test_quote_reads_frames_from_other_sources() -> None:
    raw = pl.DataFrame(
        {
            "offer_id": ["s"],
            "provider": ["p"],
            "provider_kind": ["cloud"],
            "gpu_model": ["L4"],
            "region": ["eu-west"],
            "usd_per_gpu_hour": [1],
            "observed_at": ["2025-01-01T07:00:00+02:00"],
        }
    )
    q = quote(Order(gpu_model="L4", gpus_per_replica=1, hours=2), raw)
    assert q.options[0].observed_at == datetime(2025, 1, 1, 5, 0, tzinfo=UTC)
    assert q.options[0].total_usd == 2.0
    with pytest.raises(ValueError, match="usd_per_gpu_hour"):
        quote(
            Order(gpu_model="L4", gpus_per_replica=1, hours=2),
            raw.with_columns(usd_per_gpu_hour=pl.lit("cheap")),
        )


def test_matching_imports_without_a_database() -> None:
    code = "import sys, computescope.core.matching.quote; print('duckdb' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_offers_frame_rejects_duplicate_ids_and_unknown_kinds() -> None:
    with pytest.raises(ValueError, match="unique"):
        offers_frame([offer("d", "H100", [8], "us-east", 2.0), offer("d", "H100", [8], "us-east", 2.1)])
    with pytest.raises(ValueError, match="provider_kind"):
        offers_frame([offer("k", "H100", [8], "us-east", 2.0, provider_kind="depin")])


def test_quote_to_dict_is_json_ready(m1_offers: pl.DataFrame) -> None:
    data = json.loads(json.dumps(quote(replace(M1, replicas=2, allow_split=True), m1_offers).to_dict()))
    assert data["status"] == "filled"
    assert data["allocation"]["total_usd"] == 2332.80
    assert data["allocation"]["fills"][0]["observed_at"] == "2025-03-01T12:00:00+00:00"
    assert data["order"]["regions"] == ["us-east", "eu-west"]
    assert data["rejected"]["region"] == 1


def test_limit_bounds_the_materialised_options() -> None:
    rows = [offer(f"o{i:03d}", "RTX 4090", [1], "us-east", 0.30 + i / 1000) for i in range(100)]
    order = Order(gpu_model="RTX 4090", gpus_per_replica=1, hours=1)
    q = quote(order, offers_frame(rows), limit=5)
    assert [o.offer_id for o in q.options] == ["o000", "o001", "o002", "o003", "o004"]
    assert q.n_eligible == 100
    none = quote(order, offers_frame(rows), limit=0)
    assert none.options == [] and none.status == "filled"
    with pytest.raises(ValueError, match="limit"):
        quote(order, offers_frame(rows), limit=-1)


# --- batch clearing beyond the vectors ---------------------------------------------------------------------


def test_clearing_without_overlap_trades_nothing() -> None:
    c = clear_batch(book([1.0], [10], "B"), book([2.0], [10], "S"))
    assert c.volume == 0 and c.price is None and c.interval is None
    assert c.bid_fills() == {} and c.buyer_gain == 0
    empty = clear_batch(book([], [], "B"), book([2.0], [10], "S"))
    assert empty.volume == 0 and empty.price is None


def test_clearing_rations_the_marginal_price_level_by_time() -> None:
    bids = pl.DataFrame(
        {
            "id": ["late", "early", "top"],
            "price": [2.0, 2.0, 3.0],
            "qty": [50, 50, 50],
            "time": [10.0, 5.0, 0.0],
        }
    )
    c = clear_batch(bids, book([1.0], [80], "S"))
    assert c.bid_fills() == {"top": 50, "early": 30}
    assert c.price == pytest.approx(2.0)
    assert c.bids["id"].to_list() == ["late", "early", "top"]  # input order kept


def brute_force(bids: list[tuple[float, int]], asks: list[tuple[float, int]]) -> tuple[int, float, float]:
    """Reference by unit expansion, as the textbook statement of the call auction."""
    b = sorted((p for p, q in bids for _ in range(q)), reverse=True)
    a = sorted(p for p, q in asks for _ in range(q))
    k = max((i + 1 for i in range(min(len(b), len(a))) if b[i] >= a[i]), default=0)
    if k == 0:
        return 0, 0.0, 0.0
    bid_next = b[k] if k < len(b) else 0.0
    ask_next = a[k] if k < len(a) else float("inf")
    return k, max(a[k - 1], bid_next), min(b[k - 1], ask_next)


def priority_fills(side: list[tuple[float, int, int]], volume: float, best_high: bool) -> list[float]:
    """Reference fills: serve by price, then time, then input position, each up to its quantity."""
    ranked = sorted(range(len(side)), key=lambda i: (-side[i][0] if best_high else side[i][0], side[i][2], i))
    fills = [0.0] * len(side)
    left = volume
    for i in ranked:
        fills[i] = min(float(side[i][1]), left)
        left -= fills[i]
    return fills


def test_clearing_matches_unit_expansion_on_random_books() -> None:
    rng = np.random.default_rng(2024)

    def side(prefix: str) -> tuple[list[tuple[float, int, int]], pl.DataFrame]:
        rows = [
            (float(rng.integers(10, 40)) / 10, int(rng.integers(0, 6)), int(rng.integers(0, 3)))
            for _ in range(rng.integers(0, 8))
        ]
        frame = book([p for p, _, _ in rows], [q for _, q, _ in rows], prefix)
        return rows, frame.with_columns(time=pl.Series([t for _, _, t in rows], dtype=pl.Int64))

    for _ in range(300):
        (bids, bid_frame), (asks, ask_frame) = side("B"), side("S")
        c = clear_batch(bid_frame, ask_frame)
        volume, low, high = brute_force([(p, q) for p, q, _ in bids], [(p, q) for p, q, _ in asks])
        assert c.volume == volume
        assert c.bids["fill"].to_list() == priority_fills(bids, volume, best_high=True)
        assert c.asks["fill"].to_list() == priority_fills(asks, volume, best_high=False)
        if volume:
            assert c.interval == pytest.approx((low, high))
            assert c.buyer_gain >= -1e-9 and c.seller_gain >= -1e-9
        else:
            assert c.price is None


def test_clear_by_market_builds_a_price_index_per_model_and_region() -> None:
    def tagged(frame: pl.DataFrame, model: str, region: str) -> pl.DataFrame:
        return frame.with_columns(gpu_model=pl.lit(model), region=pl.lit(region))

    bids = pl.concat(
        [
            tagged(book([3.00, 2.50, 2.00, 1.50], [100, 200, 150, 100], "B"), "H100", "us-east"),
            tagged(book([3.00, 2.50], [100, 200], "B"), "A100", "eu-west"),
        ]
    )
    asks = pl.concat(
        [
            tagged(book([1.20, 1.80, 2.20, 2.80], [120, 150, 200, 100], "S"), "H100", "us-east"),
            tagged(book([1.20, 1.80], [120, 180], "S"), "A100", "eu-west"),
            tagged(book([0.40], [10], "S"), "L4", "eu-west"),
        ]
    )
    index = clear_by_market(bids, asks)
    assert index.columns == [
        "gpu_model",
        "region",
        "price",
        "price_low",
        "price_high",
        "volume",
        "n_bids",
        "n_asks",
    ]
    rows = {(r["gpu_model"], r["region"]): r for r in index.iter_rows(named=True)}
    assert rows["H100", "us-east"]["price"] == pytest.approx(2.20)
    assert rows["H100", "us-east"]["volume"] == 300
    assert rows["A100", "eu-west"]["price"] == pytest.approx(2.15)
    assert (rows["A100", "eu-west"]["price_low"], rows["A100", "eu-west"]["price_high"]) == pytest.approx(
        (1.8, 2.5)
    )
    assert rows["L4", "eu-west"]["price"] is None
    assert (
        rows["L4", "eu-west"]["volume"],
        rows["L4", "eu-west"]["n_bids"],
        rows["L4", "eu-west"]["n_asks"],
    ) == (0, 0, 1)
    by_model = clear_by_market(bids, asks, keys=("gpu_model",))
    assert by_model.height == 3


def test_clearing_names_missing_columns() -> None:
    with pytest.raises(ValueError, match="qty"):
        clear_batch(pl.DataFrame({"id": ["b"], "price": [1.0]}), book([1.0], [1], "S"))
    with pytest.raises(ValueError, match="region"):
        clear_by_market(book([1.0], [1], "B").with_columns(gpu_model=pl.lit("H100")), book([1.0], [1], "S"))
