"""Akash GPU inventory and utilization: per-model counts now (/v1/gpu), per day (/v1/gpu-breakdown), provider-level capacity."""

from __future__ import annotations

from typing import Any

import polars as pl

from computescope.ingest.payload import Payload
from computescope.ingest.sources.akash import transform
from computescope.ingest.sources.akash.rows import Frames, count, day, normalized, today
from computescope.ingest.sources.akash.settings import IMPOSSIBLE_COUNT, MILLICORES_PER_CPU, UNKNOWN_MODEL
from computescope.ingest.sources.validate import Shape

VARIANT_SCHEMA: dict[str, pl.DataType] = {"gpu_model_raw": pl.String(), "ram": pl.String(), "interface_raw": pl.String()}


def gpu(shape: Shape, body: Any, payload: Payload) -> Frames:
    gpus = shape.field_obj(shape.obj(body, ""), "gpus", "")
    total = shape.field_obj(gpus, "total", "gpus")
    count(shape, total, "allocatable", "gpus.total")
    count(shape, total, "allocated", "gpus.total")
    rows = []
    for vendor, items in shape.field_obj(gpus, "details", "gpus").items():
        for i, item in enumerate(shape.items(items, f"gpus.details.{vendor}")):
            where = f"gpus.details.{vendor}[{i}]"
            item = shape.obj(item, where)
            rows.append({
                # a node without GPU rows comes back with model, ram and interface null
                "gpu_model_raw": shape.text(item, "model", where, nullable=True, blank=True) or UNKNOWN_MODEL,
                "ram": shape.text(item, "ram", where, nullable=True, blank=True),
                "interface_raw": shape.text(item, "interface", where, nullable=True, blank=True),
                "allocatable": count(shape, item, "allocatable", where),
                "allocated": count(shape, item, "allocated", where),
            })
    schema = {**VARIANT_SCHEMA, "allocatable": pl.Float64(), "allocated": pl.Float64()}
    values = ["allocatable", "leased", "available"]
    frame = (
        normalized(rows, schema).lazy()
        .pipe(transform.cap_allocation)
        .pipe(transform.sum_variants, values)
        .pipe(transform.with_all_models, values)
        .pipe(transform.to_measures, {"allocatable": "total", "leased": "leased", "available": "available"})
        .pipe(transform.stamp, payload.url, payload.fetched_at)
        .pipe(transform.conform, transform.GPU_INVENTORY)
        .collect()
    )
    return {"gpu_inventory": frame}


def gpu_breakdown(shape: Shape, body: Any, payload: Payload) -> Frames:
    rows = []
    for i, row in enumerate(shape.items(body, "")):
        where = f"[{i}]"
        row = shape.obj(row, where)
        rows.append({
            "day": day(shape, row, "date", where),
            "gpu_model_raw": shape.text(row, "model", where, nullable=True, blank=True) or UNKNOWN_MODEL,
            "ram": None,
            "interface_raw": None,
            "providers": shape.number(row, "providerCount", where),
            "nodes": shape.number(row, "nodeCount", where),
            "total": count(shape, row, "totalGpus", where),
            "leased": count(shape, row, "leasedGpus", where),
            # Postgres numeric(10,2) reaches the JSON as text ("72.92"), though the schema says number
            "utilization_pct": shape.number(row, "gpuUtilization", where, numeric_text=True),
        })
    schema = {"day": pl.Date(), **VARIANT_SCHEMA, "providers": pl.Float64(), "nodes": pl.Float64(), "total": pl.Float64(),
              "leased": pl.Float64(), "utilization_pct": pl.Float64()}
    days = (
        normalized(rows, schema).lazy()
        .pipe(transform.complete_days, today(payload))
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


def network_capacity(shape: Shape, body: Any, payload: Payload) -> Frames:
    root = shape.obj(body, "")
    providers = shape.number(root, "activeProviderCount", "")
    resources = shape.field_obj(root, "resources", "")
    figures: dict[str, dict[str, float]] = {}
    for resource in ("gpu", "cpu"):
        block = shape.field_obj(resources, resource, "resources")
        where = f"resources.{resource}"
        figures[resource] = {part: count(shape, block, part, where) for part in ("active", "pending", "available", "total")}
    gpus = figures["gpu"]
    inventory = pl.DataFrame(
        [{"measure": measure, "gpus": gpus[measure]} for measure in ("total", "active", "pending", "available")],
        schema={"measure": pl.String(), "gpus": pl.Float64()}, orient="row",
    )
    usage = pl.DataFrame(
        [
            {"resource": resource, "used": (f["active"] + f["pending"]) / scale, "capacity": f["total"] / scale,
             "sane": max(f.values()) < IMPOSSIBLE_COUNT}
            for resource, f, scale in (("gpu", gpus, 1), ("cpu", figures["cpu"], MILLICORES_PER_CPU))
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
