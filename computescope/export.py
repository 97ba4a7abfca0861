"""History as Hive-partitioned Parquet (table=/network=/date=), written incrementally, described by a JSON manifest."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from computescope.db import Database, query_text

MANIFEST = "manifest.json"
FORMAT = "computescope-history/1"


@dataclass(frozen=True)
class Exported:
    """One history table or rollup: what its network and its UTC date are, and the measure its daily rollup sums."""

    table: str
    network: str    # a column, or a quoted literal for tables of the local network alone
    day: str        # the column whose UTC date is the partition
    measure: str    # summed by the daily rollup that checks a round trip


TABLES: tuple[Exported, ...] = (
    Exported("gpu_inventory", "network", "observed_at", "gpus"),
    Exported("network_facts", "network", "observed_at", "value"),
    Exported("utilization", "network", "observed_at", "utilization"),
    Exported("prices", "provider", "observed_at", "usd_per_gpu_hour"),
    Exported("revenue", "network", "period_start", "usd"),
    Exported("token_supply", "network", "observed_at", "price_usd"),
    Exported("token_flows", "network", "period_start", "amount_usd"),
    Exported("node_reports", "network", "observed_at", "bytes"),
    Exported("node_heartbeat_runs", "network", "observed_at", "beats"),
    Exported("node_challenges", "network", "issued_at", "gflops"),
    Exported("node_attestations", "network", "observed_at", "measured_compute"),
    Exported("node_events", "network", "observed_at", "amount"),
    Exported("localnet_node_hours", "'localnet'", "hour", "earnings_usd"),
    Exported("localnet_node_days", "'localnet'", "day", "earnings_usd"),
    Exported("localnet_operator_days", "'localnet'", "day", "earnings_usd"),
    Exported("localnet_model_hours", "'localnet'", "hour", "earnings_usd"),
    Exported("localnet_market_hours", "'localnet'", "hour", "volume_gpus"),
    Exported("localnet_leases", "'localnet'", "starts_at", "usd_per_gpu_hour"),
    Exported("localnet_events", "'localnet'", "happened_at", "amount"),
)
BY_NAME = {t.table: t for t in TABLES}


class ExportError(RuntimeError):
    """The export cannot be written where asked; the message is one line."""


def partition_sql(table: Exported) -> str:
    return query_text("export_partition").format(table=table.table, network=f"coalesce({table.network}, 'unknown')", day=table.day)


def rollup_sql(table: Exported, rel: str) -> str:
    """The daily per-network rollup of `rel` (a parenthesised query or a read_parquet call) for one exported table."""
    return query_text("export_daily_rollup").format(rel=rel, measure=table.measure)


PARQUET = "read_parquet($glob, hive_partitioning = true, hive_types = {'network': varchar, 'date': date})"


def parquet_glob(out: Path, table: str) -> dict[str, object]:
    """The bound parameter of PARQUET: every Parquet file of one exported table."""
    return {"glob": str(out / f"table={table}" / "**" / "*.parquet")}


def load_manifest(out: Path) -> dict[str, Any]:
    path = out / MANIFEST
    if not path.exists():
        return {"format": FORMAT, "partitioning": ["table", "network", "date"], "tables": {}}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ExportError(f"the manifest {path} cannot be read ({exc}); export to an empty folder") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ExportError(f"{path} is not a computescope history manifest; export to an empty folder")
    return manifest


def _write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    fd, tmp = tempfile.mkstemp(dir=out, prefix=".manifest-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, sort_keys=True)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, out / MANIFEST)


def _drop_dates_from(folder: Path, since: date) -> None:
    """Partitions of `since` and later are written again in full (the last exported day may have grown since)."""
    for part in folder.glob("network=*/date=*"):
        match = re.fullmatch(r"date=(\d{4}-\d{2}-\d{2})", part.name)
        if match is None or date.fromisoformat(match.group(1)) >= since:
            shutil.rmtree(part)


def export_table(cur: duckdb.DuckDBPyConnection, out: Path, table: Exported, entry: dict[str, Any] | None) -> dict[str, Any]:
    """Write one table's dates from the last exported date on; return its manifest entry (columns, rows by date, totals)."""
    since = date.fromisoformat(entry["last_date"]) if entry and entry.get("last_date") else None
    folder = out / f"table={table.table}"
    rel = cur.sql(partition_sql(table), params={"since": since})
    counts = rel.aggregate("cast(date as varchar) as date, count(*) as n", "cast(date as varchar)").pl()
    by_date: dict[str, int] = {d: n for d, n in (entry or {}).get("rows_by_date", {}).items() if since is None or d < since.isoformat()}
    if folder.exists() and since is not None:
        _drop_dates_from(folder, since)
    if counts.height:
        folder.mkdir(parents=True, exist_ok=True)
        rel.write_parquet(str(folder), partition_by=["network", "date"], append=True, filename_pattern="part_{uuid}")
    by_date.update({str(d): int(n) for d, n in counts.iter_rows()})
    columns = [{"name": n, "type": str(t)} for n, t in zip(rel.columns, rel.types, strict=True)]
    dates = sorted(d for d in by_date if d != "None")
    return {"columns": columns, "rows": sum(by_date.values()), "rows_by_date": dict(sorted(by_date.items())),
            "last_date": dates[-1] if dates else None, "written_rows": int(counts["n"].sum()) if counts.height else 0}


def export(db: Database, out: Path) -> dict[str, Any]:
    """Export every table in TABLES under `out`; only dates on or after each table's last exported date are written again."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create the export folder {out}: {exc.strerror}") from None
    if not out.is_dir():
        raise ExportError(f"{out} is not a folder")
    manifest = load_manifest(out)
    cur = db.cursor()
    cur.execute("begin transaction")  # one consistent view of every table
    try:
        for table in TABLES:
            manifest["tables"][table.table] = export_table(cur, out, table, manifest["tables"].get(table.table))
    finally:
        cur.execute("rollback")
    manifest["written_at"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    manifest["database"] = db.path.name
    _write_manifest(out, manifest)
    return manifest


def daily_rollup(con: duckdb.DuckDBPyConnection, table: Exported, rel: str, params: dict[str, object] | None = None) -> pl.DataFrame:
    return con.sql(rollup_sql(table, rel), params=params).pl()
