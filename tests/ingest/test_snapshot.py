"""The bundled snapshot: loads through the common path, twice gives the same counts, every row is sourced."""

from datetime import UTC, datetime

import polars as pl
import pytest

from computescope.db import Database
from computescope.ingest.base import Payload, SchemaError
from computescope.ingest.sources import snapshot
from computescope.settings import Settings
from computescope.sources import replay_run, run_source

FACT_TABLES = ("gpu_inventory", "utilization", "prices", "revenue", "token_supply", "token_flows", "network_facts")
ALL_TABLES = ("networks", "providers", "tokens", *FACT_TABLES)
FIVE = {"akash", "ionet", "render", "aethir", "gensyn"}


def counts(db: Database) -> dict[str, int]:
    return {t: db.cursor().execute(f"select count(*) from {t}").fetchall()[0][0] for t in ALL_TABLES}


def test_loading_twice_leaves_the_same_counts(db: Database, settings: Settings) -> None:
    first = run_source(db, settings, "snapshot")
    assert first.status == "success", first.error
    before = counts(db)
    second = run_source(db, settings, "snapshot")
    assert second.status == "success"
    assert second.rows_written == sum(before[t] for t in ("networks", "providers", "tokens"))  # merges rewrite, facts add nothing
    assert counts(db) == before
    assert all(before[t] > 0 for t in ALL_TABLES), before


def test_all_five_networks_with_framework(snapshot_db: Database) -> None:
    rows = snapshot_db.frame("networks_list")
    assert set(rows["network"]) == FIVE
    for column in ("name", "supply_source", "customers", "layer", "token_model", "source_url"):
        assert rows[column].null_count() == 0, column
    akash = rows.filter(network="akash").row(0, named=True)
    assert akash["token_symbol"] == "AKT"


def test_every_fact_names_an_https_source_and_a_date(snapshot_db: Database) -> None:
    cur = snapshot_db.cursor()
    for table in ALL_TABLES:
        bad = cur.execute(
            f"select count(*) from {table} where source <> 'snapshot' or observed_at is null or source_url not like 'https://%'"
        ).fetchall()[0][0]
        assert bad == 0, table


def test_seed_article_figures(snapshot_db: Database) -> None:
    cur = snapshot_db.cursor()
    gpus = cur.execute("select gpus from gpu_inventory where network = 'akash' and gpu_model = '*' and gpus = 378").fetchall()
    assert gpus, "Akash 378 GPUs (mid-2024) missing"
    util = dict(cur.execute(
        "select resource, utilization from utilization where network = 'akash' and observed_at < '2025-01-01' and gpu_model = '*'"
    ).fetchall())
    assert util == {"gpu": pytest.approx(0.193), "cpu": pytest.approx(0.111)}


def test_cloud_prices_cover_the_required_models(snapshot_db: Database) -> None:
    prices = snapshot_db.cursor().sql(
        "select provider, gpu_model, vram_gb, price_type, usd_per_gpu_hour from prices where provider_kind = 'cloud'"
    ).pl()
    assert set(prices["provider"]) >= {"aws", "gcp", "azure", "lambda", "runpod", "vast"}
    models = {(r["gpu_model"], r["vram_gb"]) for r in prices.iter_rows(named=True)}
    for wanted in [("H100", 80.0), ("A100", 40.0), ("A100", 80.0), ("L40S", 48.0), ("RTX 4090", 24.0), ("RTX 3090", 24.0)]:
        assert wanted in models, wanted
    assert prices.filter(pl.col("price_type") == "spot").height > 0
    assert prices["usd_per_gpu_hour"].min() > 0
    aws = prices.filter(provider="aws", gpu_model="H100", price_type="on_demand")
    assert aws.height and aws["usd_per_gpu_hour"].min() == pytest.approx(6.88, abs=0.01)


def test_gpu_names_are_canonical(snapshot_db: Database) -> None:
    raw = snapshot_db.cursor().execute("select distinct gpu_model_raw, gpu_model from prices").fetchall()
    mapping = dict(raw)
    assert mapping.get("A100-80GB") == "A100"
    assert mapping.get("RTX4090") == "RTX 4090"


def test_replay_loads_what_a_run_landed(db: Database, settings: Settings) -> None:
    first = run_source(db, settings, "snapshot")
    landed = db.cursor().execute("select count(*), sum(bytes) from raw_landing where run_id = ?", [first.run_id]).fetchall()[0]
    assert landed[0] == len(snapshot.FILES) and landed[1] > 1000
    before = counts(db)
    replay = replay_run(db, first.run_id)
    assert replay.status == "success"
    assert counts(db) == before


def _payload(name: str, text: str) -> Payload:
    return Payload(name, f"package:{name}", text.encode(), datetime.now(UTC))


def test_a_bad_number_names_field_and_row() -> None:
    text = "network,metric,value,unit,as_of,source_url,note\nakash,cpus_total,16000,CPUs,2024-06-30,https://x,\nakash,gpus,many,GPUs,2024-06-30,https://x,\n"
    with pytest.raises(SchemaError, match=r"network_facts.csv: field value: cannot read 'many'.*data row 2"):
        snapshot.parse([_payload("network_facts.csv", text)])


def test_a_missing_column_is_named() -> None:
    text = "network,metric,unit,as_of,source_url\nakash,cpus_total,CPUs,2024-06-30,https://x\n"
    with pytest.raises(SchemaError, match="missing column.*value"):
        snapshot.parse([_payload("network_facts.csv", text)])


def test_a_failed_parse_keeps_earlier_data_and_the_raw_payload(db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_source(db, settings, "snapshot").status == "success"
    before = counts(db)
    good_fetch = snapshot.fetch

    def broken_fetch(ctx):  # type: ignore[no-untyped-def]
        for p in good_fetch(ctx):
            body = p.body.replace(b"2024-06-12", b"mid-2024") if p.resource == "utilization.csv" else p.body
            yield Payload(p.resource, p.url, body, p.fetched_at, p.status_code, p.content_type)

    monkeypatch.setattr(snapshot, "fetch", broken_fetch)
    result = run_source(db, settings, "snapshot")
    assert result.status == "failed"
    assert "utilization.csv" in result.error and "as_of" in result.error
    assert counts(db) == before
    kept = db.cursor().execute("select count(*) from raw_landing where run_id = ?", [result.run_id]).fetchall()[0][0]
    assert kept == len(snapshot.FILES)
    status = db.cursor().execute("select status, error from ingest_runs where run_id = ?", [result.run_id]).fetchall()[0]
    assert status[0] == "failed" and "SchemaError" in status[1]


def test_every_curated_row_is_loaded(snapshot_db: Database) -> None:
    assert counts(snapshot_db) == {
        "networks": 5, "providers": 13, "tokens": 5, "gpu_inventory": 17, "utilization": 3, "prices": 88, "revenue": 13,
        "token_supply": 6, "token_flows": 309, "network_facts": 48,
    }


def test_render_burns_are_one_weekly_series(snapshot_db: Database) -> None:
    """97 weekly epochs replace the yearly and cumulative totals over the same span; they add up to the published total."""
    cur = snapshot_db.cursor()
    weeks = cur.execute(
        "select count(*), min(period_start), max(period_end), sum(amount_tokens), sum(amount_usd), max(period_end - period_start)"
        " from token_flows where symbol = 'RENDER' and flow = 'burn'"
    ).fetchall()[0]
    assert weeks[:3] == (97, datetime(2023, 12, 20, tzinfo=UTC), datetime(2025, 10, 29, tzinfo=UTC))
    assert weeks[3] == pytest.approx(799_639.11, abs=0.01) and weeks[4] == pytest.approx(3_950_659.17, abs=0.01)
    assert weeks[5].days == 7
    channels = dict(cur.execute(
        "select channel, count(*) from token_flows where symbol = 'RENDER' and flow = 'emission_due' group by channel"
    ).fetchall())
    assert channels == {"": 3, "node_operator": 97, "availability": 73, "upgrade": 13, "open_compute": 12, "render_compute_network": 10}


def test_published_history_per_network(snapshot_db: Database) -> None:
    cur = snapshot_db.cursor()
    akash_list = cur.execute(
        "select gpu_model, interface, usd_per_gpu_hour from prices where provider = 'akash' and price_type = 'list' and interface is not null"
    ).fetchall()
    assert len(akash_list) == 26  # akash.network/pricing/gpus "Starting at" prices, one per model variant
    assert ("H100", "sxm", 2.71) in akash_list and ("V100", "pcie", 0.17) in akash_list and ("V100", "sxm", 0.36) in akash_list
    revenue = cur.execute("select period_start, usd from revenue where network = 'akash' and metric = 'revenue' and period = 'year' order by 1").fetchall()
    assert [usd for _day, usd in revenue] == [1_384_554, 3_154_814]
    assert cur.execute("select gpus from gpu_inventory where network = 'ionet' and measure = 'verified' and observed_at = '2024-12-31'").fetchall() == [(7600,)]
