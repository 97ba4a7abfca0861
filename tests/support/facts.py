"""Plant fact rows by hand, so tests can state a few inputs and the exact figures they must give."""

from __future__ import annotations

from datetime import datetime

from computescope.db import Database

COLUMNS = {
    "providers": ("provider", "name", "provider_kind", "hyperscaler", "source", "observed_at"),
    "prices": ("provider", "provider_kind", "gpu_model", "vram_gb", "region", "price_type", "usd_per_gpu_hour", "source", "observed_at"),
    "gpu_inventory": ("network", "gpu_model", "measure", "gpus", "source", "observed_at"),
    "utilization": ("network", "gpu_model", "resource", "utilization", "period", "source", "observed_at"),
    "token_flows": ("symbol", "network", "flow", "epoch_id", "period_start", "period_end", "amount_tokens", "source", "observed_at"),
    "tokens": ("symbol", "network", "token_model", "source", "observed_at"),
}


def plant(db: Database, table: str, *rows: tuple[object, ...]) -> None:
    """Insert rows into one of the tables above, columns in the order COLUMNS lists them."""
    columns = COLUMNS[table]
    marks = ", ".join("?" for _ in columns)
    cur = db.cursor()
    for row in rows:
        cur.execute(f"insert into {table} ({', '.join(columns)}) values ({marks})", list(row))


def day(text: str) -> datetime:
    return datetime.fromisoformat(text + "T00:00:00+00:00")
