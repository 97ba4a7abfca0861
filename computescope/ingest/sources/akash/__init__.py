"""Akash Console API: GPU inventory, bid prices, daily utilization, providers, network totals and daily spend."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, NoReturn
from urllib.parse import urlsplit

import polars as pl

from computescope.core.catalog.gpus import normalize_frame
from computescope.ingest.base import FetchContext, Payload, Resource, SchemaError
from computescope.ingest.http import decode_json
from computescope.ingest.sources.akash import client, transform
from computescope.ingest.sources.akash.settings import (
    DASHBOARD_PATH,
    GPU_BREAKDOWN_PATH,
    GPU_PATH,
    GPU_PRICES_PATH,
    IMPOSSIBLE_COUNT,
    MICRO,
    MILLICORES_PER_CPU,
    NETWORK_CAPACITY_PATH,
    PRICE_CURRENCY,
    PRICE_TYPES,
    PROVIDER,
    PROVIDER_KIND,
    PROVIDERS_PATH,
    SOURCE,
    UNKNOWN_MODEL,
    USD_SPENT_PATH,
)
from computescope.ingest.sources.akash.settings import (
    IDENTITY as IDENTITY,
)

log = logging.getLogger(__name__)

RESOURCES: list[Resource] = [
    Resource("gpu", GPU_PATH, ("gpu_inventory",)),
    Resource("gpu_prices", GPU_PRICES_PATH, ("prices",)),
    Resource("gpu_breakdown", GPU_BREAKDOWN_PATH, ("gpu_inventory", "utilization")),
    Resource("providers", PROVIDERS_PATH, ("nodes",)),
    Resource("dashboard_data", DASHBOARD_PATH, ("network_facts",)),
    Resource("network_capacity", NETWORK_CAPACITY_PATH, ("gpu_inventory", "utilization")),
    Resource("usd_spent", USD_SPENT_PATH, ("revenue",)),
]
TABLE_ORDER = ("nodes", "gpu_inventory", "utilization", "prices", "revenue", "network_facts")
Frames = dict[str, pl.DataFrame]


def fetch(ctx: FetchContext) -> Iterator[Payload]:
    for resource in RESOURCES:
        yield client.get(ctx, resource)


def parse(payloads: list[Payload]) -> Frames:
    """Every payload validated and mapped; one bad payload fails the whole parse (the runner keeps it landed)."""
    frames: dict[str, list[pl.DataFrame]] = {}
    for payload in payloads:
        parser = _PARSERS.get(payload.resource)
        if parser is None:
            raise SchemaError(SOURCE, payload.resource, "not an Akash Console resource")
        try:
            body = decode_json(payload)
        except SchemaError as exc:
            raise SchemaError(SOURCE, payload.resource, exc.problem) from None
        for table, frame in parser(_Shape(payload.resource), body, payload).items():
            frames.setdefault(table, []).append(frame)
    return {t: pl.concat(frames[t], how="vertical") for t in TABLE_ORDER if t in frames}


@dataclass(frozen=True)
class _Shape:
    """Typed reads from decoded JSON; anything off the documented shape raises SchemaError naming the field."""

    resource: str

    def fail(self, where: str, problem: str) -> NoReturn:
        raise SchemaError(SOURCE, self.resource, f"field {where or '(document)'}: {problem}")

    def obj(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(where, f"expected an object, got {_kind(value)}")
        return value

    def arr(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            self.fail(where, f"expected a list, got {_kind(value)}")
        return value

    def get(self, obj: dict[str, Any], key: str, where: str) -> Any:
        if key not in obj:
            present = ", ".join(sorted(obj)[:12]) or "none"
            self.fail(_path(where, key), f"missing (fields present: {present})")
        return obj[key]

    def child(self, obj: dict[str, Any], key: str, where: str) -> dict[str, Any]:
        return self.obj(self.get(obj, key, where), _path(where, key))

    def items(self, obj: dict[str, Any], key: str, where: str, *, nullable: bool = False) -> list[Any]:
        value = self.get(obj, key, where)
        if value is None and nullable:
            return []
        return self.arr(value, _path(where, key))

    def number(
        self, obj: dict[str, Any], key: str, where: str, *, nullable: bool = False, decimal_text: bool = False
    ) -> float | None:
        value = self.get(obj, key, where)
        if value is None and nullable:
            return None
        return self._finite(value, _path(where, key), decimal_text)

    def count(self, obj: dict[str, Any], key: str, where: str) -> float:
        value = self._finite(self.get(obj, key, where), _path(where, key), False)
        if value >= IMPOSSIBLE_COUNT:
            log.warning("akash %s: %s = %.6g is not a count (an unsigned -1); not used", self.resource, _path(where, key), value)
        return value

    def _finite(self, value: Any, where: str, decimal_text: bool) -> float:
        if decimal_text and isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                self.fail(where, f"expected a number, got text {value[:40]!r}")
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(where, f"expected a number, got {_kind(value)}")
        if not math.isfinite(value):
            self.fail(where, f"expected a finite number, got {value}")
        return float(value)

    def text(self, obj: dict[str, Any], key: str, where: str, *, nullable: bool = False) -> str | None:
        value = self.get(obj, key, where)
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            self.fail(_path(where, key), f"expected text, got {_kind(value)}")
        return value

    def optional_text(self, obj: dict[str, Any], key: str, where: str) -> str | None:
        """Text that Console may send as null or leave out."""
        return self.text(obj, key, where, nullable=True) if key in obj else None

    def flag(self, obj: dict[str, Any], key: str, where: str) -> bool:
        value = self.get(obj, key, where)
        if not isinstance(value, bool):
            self.fail(_path(where, key), f"expected true or false, got {_kind(value)}")
        return value

    def fraction(self, obj: dict[str, Any], key: str, where: str) -> float | None:
        value = self.number(obj, key, where, nullable=True)
        if value is not None and not 0.0 <= value <= 1.0:
            self.fail(_path(where, key), f"expected a fraction 0..1, got {value}")
        return value

    def instant(self, obj: dict[str, Any], key: str, where: str) -> datetime:
        text = self.text(obj, key, where) or ""
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            self.fail(_path(where, key), f"cannot read {text[:40]!r} as a date")
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)

    def day(self, obj: dict[str, Any], key: str, where: str) -> date:
        return self.instant(obj, key, where).date()


def _path(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return f"text {value[:40]!r}"
    return {bool: "true/false", dict: "an object", list: "a list"}.get(type(value), type(value).__name__)


def _today(payload: Payload) -> date:
    return payload.fetched_at.astimezone(UTC).date()


def _normalized(rows: list[dict[str, Any]], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Rows typed by `schema`, with the GPU name mapped to the catalogue (unknown names kept as written)."""
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    return normalize_frame(frame, "gpu_model_raw", vram_col="ram", interface_col="interface_raw")


def _gpu(shape: _Shape, body: Any, payload: Payload) -> Frames:
    gpus = shape.child(shape.obj(body, ""), "gpus", "")
    total = shape.child(gpus, "total", "gpus")
    shape.count(total, "allocatable", "gpus.total")
    shape.count(total, "allocated", "gpus.total")
    rows = []
    for vendor, items in shape.child(gpus, "details", "gpus").items():
        for i, item in enumerate(shape.arr(items, f"gpus.details.{vendor}")):
            where = f"gpus.details.{vendor}[{i}]"
            item = shape.obj(item, where)
            rows.append({
                # a node without GPU rows comes back with model, ram and interface null
                "gpu_model_raw": shape.text(item, "model", where, nullable=True) or UNKNOWN_MODEL,
                "ram": shape.text(item, "ram", where, nullable=True),
                "interface_raw": shape.text(item, "interface", where, nullable=True),
                "allocatable": shape.count(item, "allocatable", where),
                "allocated": shape.count(item, "allocated", where),
            })
    schema = {"gpu_model_raw": pl.String(), "ram": pl.String(), "interface_raw": pl.String(),
              "allocatable": pl.Float64(), "allocated": pl.Float64()}
    values = ["allocatable", "leased", "available"]
    frame = (
        _normalized(rows, schema).lazy()
        .pipe(transform.cap_allocation)
        .pipe(transform.sum_variants, values)
        .pipe(transform.with_all_models, values)
        .pipe(transform.to_measures, {"allocatable": "total", "leased": "leased", "available": "available"})
        .pipe(transform.stamp, payload.url, payload.fetched_at)
        .pipe(transform.conform, transform.GPU_INVENTORY)
        .collect()
    )
    return {"gpu_inventory": frame}


def _stats(shape: _Shape, model: dict[str, Any], key: str, where: str) -> tuple[dict[str, float | None], str | None]:
    """A price block's statistics and currency; an absent or null block gives no statistics."""
    block = model.get(key)
    if block is None:
        return {}, None
    block = shape.obj(block, _path(where, key))
    where = _path(where, key)
    currency = shape.text(block, "currency", where)
    return {stat: shape.number(block, stat, where, nullable=True) for stat in PRICE_TYPES}, currency


def _gpu_prices(shape: _Shape, body: Any, payload: Payload) -> Frames:
    root = shape.obj(body, "")
    availability = shape.child(root, "availability", "")
    shape.count(availability, "total", "availability")
    shape.count(availability, "available", "availability")
    rows = []
    for i, model in enumerate(shape.items(root, "models", "")):
        where = f"models[{i}]"
        model = shape.obj(model, where)
        shape.get(model, "price", where)
        gpus = shape.count(shape.child(model, "availability", where), "total", f"{where}.availability")
        usd, currency = _stats(shape, model, "price", where)
        if currency is not None and currency.upper() != PRICE_CURRENCY:
            shape.fail(f"{where}.price.currency", f"expected {PRICE_CURRENCY!r}, got {currency!r}")
        native, native_unit = _stats(shape, model, "priceUakt", where)
        variant = {
            "gpu_model_raw": shape.text(model, "model", where),
            "ram": shape.text(model, "ram", where, nullable=True),
            "interface_raw": shape.text(model, "interface", where, nullable=True),
            "weight": gpus if gpus < IMPOSSIBLE_COUNT else None,
        }
        unit = native_unit.lower() if native_unit else None
        for stat, price_type in PRICE_TYPES.items():
            if usd.get(stat) is None:
                continue
            native_price = native.get(stat)
            rows.append({**variant, "price_type": price_type, "usd_per_gpu_hour": usd[stat], "native_price": native_price,
                         "native_unit": unit if native_price is not None else None})
    schema = {"gpu_model_raw": pl.String(), "ram": pl.String(), "interface_raw": pl.String(), "weight": pl.Float64(),
              "price_type": pl.String(), "usd_per_gpu_hour": pl.Float64(), "native_price": pl.Float64(),
              "native_unit": pl.String()}
    frame = (
        _normalized(rows, schema).lazy()
        .pipe(transform.one_offer_per_variant)
        .with_columns(
            pl.lit(PROVIDER).alias("provider"), pl.lit(PROVIDER_KIND).alias("provider_kind"),
            pl.lit("").alias("region"), pl.lit("").alias("zone"),
            # Console drops bids for more than one GPU, so every statistic is a one-GPU price
            pl.lit(1.0).alias("gpu_count"),
        )
        .pipe(transform.stamp, payload.url, payload.fetched_at)
        .pipe(transform.conform, transform.PRICES)
        .collect()
    )
    return {"prices": frame}


def _gpu_breakdown(shape: _Shape, body: Any, payload: Payload) -> Frames:
    rows = []
    for i, row in enumerate(shape.arr(body, "")):
        where = f"[{i}]"
        row = shape.obj(row, where)
        rows.append({
            "day": shape.day(row, "date", where),
            "gpu_model_raw": shape.text(row, "model", where, nullable=True) or UNKNOWN_MODEL,
            "ram": None,
            "interface_raw": None,
            "providers": shape.number(row, "providerCount", where),
            "nodes": shape.number(row, "nodeCount", where),
            "total": shape.count(row, "totalGpus", where),
            "leased": shape.count(row, "leasedGpus", where),
            # Postgres numeric(10,2) reaches the JSON as text ("72.92"), though the schema says number
            "utilization_pct": shape.number(row, "gpuUtilization", where, decimal_text=True),
        })
    schema = {"day": pl.Date(), "gpu_model_raw": pl.String(), "ram": pl.String(), "interface_raw": pl.String(),
              "providers": pl.Float64(), "nodes": pl.Float64(), "total": pl.Float64(), "leased": pl.Float64(),
              "utilization_pct": pl.Float64()}
    days = (
        _normalized(rows, schema).lazy()
        .pipe(transform.complete_days, _today(payload))
        .pipe(transform.breakdown_days)
    )
    utilization = days.pipe(transform.breakdown_utilization)
    inventory = days.pipe(transform.breakdown_inventory)
    return {
        "gpu_inventory": inventory.pipe(transform.day_observed).pipe(transform.stamp, payload.url)
        .pipe(transform.conform, transform.GPU_INVENTORY).collect(),
        "utilization": utilization.pipe(transform.day_observed).pipe(transform.stamp, payload.url)
        .pipe(transform.conform, transform.UTILIZATION).collect(),
    }


def _providers(shape: _Shape, body: Any, payload: Payload) -> Frames:
    rows = []
    for i, provider in enumerate(shape.arr(body, "")):
        where = f"[{i}]"
        provider = shape.obj(provider, where)
        host_uri = shape.optional_text(provider, "hostUri", where)
        first_gpu: dict[str, Any] = {}
        models = shape.items(provider, "gpuModels", where, nullable=True)
        if models:
            first_gpu = shape.obj(models[0], f"{where}.gpuModels[0]")
        gpu_where = f"{where}.gpuModels[0]"
        # `email` is never read: contact details stay out of the database
        rows.append({
            "owner": shape.text(provider, "owner", where),
            "name": shape.text(provider, "name", where, nullable=True),
            "host": urlsplit(host_uri).hostname if host_uri else None,
            "organization": shape.optional_text(provider, "organization", where),
            "location_region": shape.optional_text(provider, "locationRegion", where),
            "ip_region": shape.text(provider, "ipRegion", where, nullable=True),
            "country": shape.text(provider, "ipCountryCode", where, nullable=True),
            "is_online": shape.flag(provider, "isOnline", where),
            "uptime_1d": shape.fraction(provider, "uptime1d", where),
            "uptime_7d": shape.fraction(provider, "uptime7d", where),
            "uptime_30d": shape.fraction(provider, "uptime30d", where),
            "gpu_model_raw": shape.text(first_gpu, "model", gpu_where, nullable=True) if first_gpu else None,
            "ram": shape.optional_text(first_gpu, "ram", gpu_where),
            "interface_raw": shape.optional_text(first_gpu, "interface", gpu_where),
        })
    schema = {"owner": pl.String(), "name": pl.String(), "host": pl.String(), "organization": pl.String(),
              "location_region": pl.String(), "ip_region": pl.String(), "country": pl.String(), "is_online": pl.Boolean(),
              "uptime_1d": pl.Float64(), "uptime_7d": pl.Float64(), "uptime_30d": pl.Float64(),
              "gpu_model_raw": pl.String(), "ram": pl.String(), "interface_raw": pl.String()}
    frame = (
        _normalized(rows, schema).lazy()
        .pipe(transform.provider_nodes)
        .pipe(transform.stamp, payload.url, payload.fetched_at)
        .pipe(transform.conform, transform.NODES)
        .collect()
    )
    return {"nodes": frame}


def _dashboard_data(shape: _Shape, body: Any, payload: Payload) -> Frames:
    root = shape.obj(body, "")
    now = shape.child(root, "now", "")
    capacity = shape.child(root, "networkCapacity", "")
    block_time = shape.instant(now, "date", "now")
    facts = [
        # (metric, value, unit, observed_at): chain figures at the block they describe, capacity at fetch time
        ("providers_active", shape.number(capacity, "activeProviderCount", "networkCapacity"), "providers", payload.fetched_at),
        ("leases_active", shape.number(now, "activeLeaseCount", "now"), "leases", block_time),
        ("leases_total", shape.number(now, "totalLeaseCount", "now"), "leases", block_time),
        ("leases_new_24h", shape.number(now, "dailyLeaseCount", "now"), "leases", block_time),
        ("usd_spent_24h", _micro(shape.number(now, "dailyUUsdSpent", "now")), "USD", block_time),
        ("usd_spent_total", _micro(shape.number(now, "totalUUsdSpent", "now")), "USD", block_time),
    ]
    rows = [
        {"metric": metric, "value": value, "unit": unit, "observed_at": at}
        for metric, value, unit, at in facts
        if value is not None and value >= 0  # a negative total or 24 h difference is a gap in Console's index
    ]
    schema = {"metric": pl.String(), "value": pl.Float64(), "unit": pl.String(), "observed_at": transform.TS}
    frame = (
        pl.DataFrame(rows, schema=schema, orient="row").lazy()
        .pipe(transform.stamp, payload.url)
        .pipe(transform.conform, transform.NETWORK_FACTS)
        .collect()
    )
    return {"network_facts": frame}


def _micro(value: float | None) -> float | None:
    return None if value is None else value / MICRO


def _network_capacity(shape: _Shape, body: Any, payload: Payload) -> Frames:
    root = shape.obj(body, "")
    providers = shape.number(root, "activeProviderCount", "")
    resources = shape.child(root, "resources", "")
    figures: dict[str, dict[str, float]] = {}
    for resource in ("gpu", "cpu"):
        block = shape.child(resources, resource, "resources")
        where = f"resources.{resource}"
        figures[resource] = {part: shape.count(block, part, where) for part in ("active", "pending", "available", "total")}
    gpu = figures["gpu"]
    inventory = pl.DataFrame(
        [{"measure": measure, "gpus": gpu[measure]} for measure in ("total", "active", "pending", "available")],
        schema={"measure": pl.String(), "gpus": pl.Float64()}, orient="row",
    )
    usage = pl.DataFrame(
        [
            {"resource": resource, "used": (f["active"] + f["pending"]) / scale, "capacity": f["total"] / scale,
             "sane": max(f.values()) < IMPOSSIBLE_COUNT}
            for resource, f, scale in (("gpu", gpu, 1), ("cpu", figures["cpu"], MILLICORES_PER_CPU))
        ],
        schema={"resource": pl.String(), "used": pl.Float64(), "capacity": pl.Float64(), "sane": pl.Boolean()},
        orient="row",
    )
    return {
        "gpu_inventory": inventory.lazy()
        .pipe(transform.plausible, "gpus")
        .with_columns(pl.lit("*").alias("gpu_model"), pl.lit("*").alias("gpu_model_raw"),
                      pl.lit(providers, dtype=pl.Float64()).alias("providers"))
        .pipe(transform.stamp, payload.url, payload.fetched_at)
        .pipe(transform.conform, transform.GPU_INVENTORY)
        .collect(),
        "utilization": usage.lazy()
        .filter(pl.col("sane"))
        .pipe(transform.ratio)
        .with_columns(pl.lit("*").alias("gpu_model"), pl.lit("point").alias("period"))
        .pipe(transform.stamp, payload.url, payload.fetched_at)
        .pipe(transform.conform, transform.UTILIZATION)
        .collect(),
    }


def _usd_spent(shape: _Shape, body: Any, payload: Payload) -> Frames:
    root = shape.obj(body, "")
    rows = []
    for i, point in enumerate(shape.items(root, "snapshots", "")):
        where = f"snapshots[{i}]"
        point = shape.obj(point, where)
        rows.append({"day": shape.day(point, "date", where), "value": shape.number(point, "value", where)})
    frame = (
        pl.DataFrame(rows, schema={"day": pl.Date(), "value": pl.Float64()}, orient="row").lazy()
        .pipe(transform.daily_revenue, _today(payload))
        .pipe(transform.day_observed)
        .pipe(transform.stamp, payload.url)
        .pipe(transform.conform, transform.REVENUE)
        .collect()
    )
    return {"revenue": frame}


_PARSERS: dict[str, Callable[[_Shape, Any, Payload], Frames]] = {
    "gpu": _gpu,
    "gpu_prices": _gpu_prices,
    "gpu_breakdown": _gpu_breakdown,
    "providers": _providers,
    "dashboard_data": _dashboard_data,
    "network_capacity": _network_capacity,
    "usd_spent": _usd_spent,
}
