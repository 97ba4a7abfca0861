"""Golden tests of the metrics layer: a few planted rows, the exact metric values, units and kinds they must give."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from computescope.db import SQL_ROOT, Database
from tests.support.facts import day, plant


def _metrics(db: Database, name: str) -> dict[str | None, tuple[object, ...]]:
    rows = db.cursor().execute(
        "select coalesce(symbol, network), value, value_text, unit, kind, source from metrics where name = ?", [name]
    ).fetchall()
    return {r[0]: r[1:] for r in rows}


@pytest.fixture
def clouds(db: Database) -> Database:
    t = day("2026-08-22")
    plant(db, "providers", ("aws", "AWS", "cloud", True, "snapshot", t), ("gcp", "GCP", "cloud", True, "snapshot", t),
          ("azure", "Azure", "cloud", True, "snapshot", t), ("lambda", "Lambda", "cloud", False, "snapshot", t))
    plant(db, "prices",
          ("aws", "cloud", "H100", 80.0, "us-east-1", "on_demand", 6.88, "snapshot", t),
          ("aws", "cloud", "H100", 80.0, "us-east-1", "spot", 2.11, "snapshot", t),
          ("azure", "cloud", "H100", 94.0, "eastus", "on_demand", 6.98, "snapshot", t),
          ("azure", "cloud", "H100", 80.0, "eastus", "on_demand", 12.29, "snapshot", t),
          ("gcp", "cloud", "H100", 80.0, "us-central1", "on_demand", 5.38, "clouds", t),
          ("lambda", "cloud", "H100", 80.0, "us-tx-1", "on_demand", 2.49, "clouds", t),
          ("localnet", "network", "H100", 80.0, "", "bid_median", 1.90, "localnet", t))
    return db


def test_hyperscaler_median_is_the_median_of_every_hyperscaler_on_demand_price(clouds: Database) -> None:
    # AWS 6.88, Azure 6.98 and 12.29, GCP 5.38: spot and non-hyperscaler rows are not in it; GCP's live row makes it observed
    value, _text, unit, kind, _source = _metrics(clouds, "h100_hyperscaler_median_usd_per_gpu_hour")[None]
    assert value == pytest.approx((6.88 + 6.98) / 2) and unit == "USD/GPU-h" and kind == "observed"


def test_provider_price_is_the_median_over_its_sizes_and_regions_with_its_kind(clouds: Database) -> None:
    prices = _metrics(clouds, "h100_price_usd_per_gpu_hour")
    assert prices["azure"][0] == pytest.approx((6.98 + 12.29) / 2)
    assert prices["aws"][0] == 6.88  # on-demand outranks spot
    assert prices["gcp"][3] == "observed" and prices["aws"][3] == "published"
    assert prices["localnet"][:1] == (1.90,) and prices["localnet"][3] == "simulated"


def test_gpu_counts_keep_their_own_dates_and_the_newest_wins(db: Database) -> None:
    plant(db, "gpu_inventory",
          ("ionet", "*", "registered", 1000.0, "snapshot", day("2026-01-01")),
          ("ionet", "*", "registered", 1200.0, "ionet", day("2026-02-01")),
          ("ionet", "*", "verified", 800.0, "snapshot", day("2026-01-01")),
          ("ionet", "*", "active", 90.0, "ionet", day("2026-02-01")),
          ("ionet", "*", "total", 900.0, "snapshot", day("2025-10-01")),
          ("ionet", "H100", "active", 5.0, "ionet", day("2026-02-01")))
    plant(db, "utilization", ("akash", "*", "gpu", 0.75, "point", "akash", day("2026-02-01")))
    assert _metrics(db, "gpus_registered")["ionet"][:1] == (1200.0,)
    assert _metrics(db, "gpus_verified")["ionet"][0] == 800.0
    assert _metrics(db, "gpus_active")["ionet"][0] == 90.0
    assert _metrics(db, "gpus_total")["ionet"][:4] == (900.0, None, "GPUs", "published")
    assert _metrics(db, "gpu_utilization")["akash"][:4] == (0.75, None, "fraction", "observed")


def test_burn_total_counts_every_burn_once(db: Database) -> None:
    plant(db, "token_flows",
          # a publication: a whole-span total and the years inside it
          ("RENDER", "render", "burn", "", day("2024-01-01"), day("2026-01-01"), 300.0, "snapshot", day("2026-01-01")),
          ("RENDER", "render", "burn", "", day("2024-01-01"), day("2025-01-01"), 100.0, "snapshot", day("2025-01-01")),
          ("RENDER", "render", "burn", "", day("2025-01-01"), day("2026-01-01"), 200.0, "snapshot", day("2026-01-01")),
          ("AKT", "akash", "burn", "", day("2024-01-01"), day("2025-01-01"), 50.0, "snapshot", day("2025-01-01")))
    assert _metrics(db, "token_burned_total")["RENDER"][:4] == (300.0, None, "tokens", "published")
    # observed epochs supersede every published row their span touches (the whole span and 2024); 2025 stays
    plant(db, "token_flows",
          ("RENDER", "render", "burn", "1", day("2024-01-01"), day("2024-01-08"), 7.0, "render", day("2024-01-08")),
          ("RENDER", "render", "burn", "2", day("2024-01-08"), day("2024-01-15"), 11.0, "render", day("2024-01-15")))
    assert _metrics(db, "token_burned_total")["RENDER"][:4] == (7.0 + 11.0 + 200.0, None, "tokens", "observed")
    assert _metrics(db, "token_burned_total")["AKT"][0] == 50.0
    overlaps = db.cursor().execute((SQL_ROOT / "checks" / "assert_no_overlapping_grains.sql").read_text(encoding="utf-8")).fetchall()
    assert overlaps == []


def test_emission_next_year_prorates_the_schedule_and_extrapolates_as_assumed(db: Database) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    # 10 tokens a day in both periods, which together cover the next 365 days
    plant(db, "token_flows",
          ("IO", "ionet", "emission_due", "", now - timedelta(days=10), now + timedelta(days=100), 1100.0, "snapshot", now),
          ("IO", "ionet", "emission_due", "", now + timedelta(days=100), now + timedelta(days=465), 3650.0, "snapshot", now),
          ("AKT", "akash", "emission_due", "", now - timedelta(days=40), now - timedelta(days=10), 600.0, "snapshot", now))
    emission = _metrics(db, "token_emission_next_year")
    assert emission["IO"][0] == pytest.approx(3650.0, rel=1e-6) and emission["IO"][3] == "published"
    # the schedule ends before the window: its newest rate (20 a day) continues, and the figure is an assumption
    assert emission["AKT"][0] == pytest.approx(7300.0, rel=1e-6) and emission["AKT"][3] == "assumed"


def test_token_model_is_the_token_facts_label(db: Database) -> None:
    plant(db, "tokens", ("IO", "ionet", "emission + buy-back", "snapshot", day("2024-06-06")))
    assert _metrics(db, "token_model")["IO"][:3] == (None, "emission + buy-back", "text")


def test_every_metric_has_one_definition(db: Database) -> None:
    names = [r[0] for r in db.cursor().execute("select name from metric_definitions").fetchall()]
    assert len(names) == len(set(names))
    assert {"gpus_registered", "gpus_verified", "gpus_active", "gpu_utilization", "h100_price_usd_per_gpu_hour",
            "h100_hyperscaler_median_usd_per_gpu_hour", "token_model", "token_emission_next_year", "token_burned_total",
            "demand_coverage"} <= set(names)


def test_a_published_figure_is_its_newest_publication_under_its_own_definition(db: Database) -> None:
    cur = db.cursor()
    for value, unit, at in ((61000.0, "leases", "2024-12-31"), (46000.0, "leases", "2025-03-31")):
        cur.execute("insert into network_facts (network, metric, value, unit, source, observed_at) values ('akash', 'new_leases_quarter', ?, ?, 'snapshot', ?)",
                    [value, unit, day(at)])
    cur.execute("insert into network_facts (network, metric, value, unit, source, observed_at) values ('akash', 'daily_usd_spent_high', 13000, 'usd', 'snapshot', ?)",
                [day("2025-02-28")])
    assert _metrics(db, "new_leases_quarter") == {"akash": (46000.0, None, "leases", "published", "snapshot")}
    assert _metrics(db, "daily_usd_spent_high")["akash"][2] == "USD"
    grains = dict(cur.execute("select name, grain from metric_definitions where name in ('new_leases_quarter', 'daily_usd_spent_high')").fetchall())
    assert grains == {"new_leases_quarter": "network · newest publication", "daily_usd_spent_high": "network · newest publication"}
