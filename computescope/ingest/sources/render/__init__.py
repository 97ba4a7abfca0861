"""Render Foundation stats: RENDER burned per weekly epoch, and emissions due per epoch and reward channel."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl

from computescope.ingest.base import FetchContext, Payload, Resource
from computescope.ingest.sources.render import settings as s
from computescope.ingest.sources.render.settings import IDENTITY as IDENTITY
from computescope.ingest.sources.validate import TIMESTAMP, Shape, frame, parse_payloads

RESOURCES = (
    Resource(s.BURNS_RESOURCE, s.BURNS_PATH, ("token_flows",)),
    Resource(s.LIABILITY_RESOURCE, s.LIABILITY_PATH, ("token_flows", "network_facts")),
)

KEY_COLUMNS = {"epoch_id": pl.Int64(), "period_end": TIMESTAMP, "key": pl.String(), "obh": pl.Float64()}


def fetch_resource(ctx: FetchContext, resource: Resource) -> Payload:
    return ctx.http.get(ctx.url(resource.path), resource=resource.name)


def fetch(ctx: FetchContext) -> Iterator[Payload]:
    for resource in RESOURCES:
        yield fetch_resource(ctx, resource)


def _flow(flow: str, channel: str, epoch_id: int, payload: Payload, **values: Any) -> dict[str, Any]:
    return {
        "symbol": s.SYMBOL, "network": s.NETWORK, "flow": flow, "channel": channel, "epoch_id": str(epoch_id),
        "source": s.SOURCE, "source_url": payload.url, "observed_at": values["period_end"], **values,
    }


def _ended(payload: Payload) -> pl.Expr:
    # an epoch still running may be restated, and a row once loaded is never replaced: load epochs once they end
    return pl.col("period_end") <= payload.fetched_at


def _burns(payload: Payload) -> dict[str, pl.DataFrame]:
    shape = Shape(s.SOURCE, payload.resource)
    document = shape.obj(shape.document(payload), "")
    rows = []
    for i, item in enumerate(shape.field_items(document, "data", "")):
        path = f"data[{i}]"
        epoch = shape.obj(item, path)
        rows.append(_flow(
            s.FLOW_BURN, "", shape.count(epoch, "id", path), payload,
            period_start=shape.timestamp(epoch, "startDate", path),
            period_end=shape.timestamp(epoch, "endDate", path),
            amount_tokens=shape.number(epoch, "burnedRender", path),
            amount_usd=shape.number(epoch, "burnedRenderUSDCAmt", path),
        ))
    return {"token_flows": frame("token_flows", rows).filter(_ended(payload))}


def epoch_facts(keys: pl.DataFrame, source_url: str) -> pl.DataFrame:
    """Per epoch: how many Solana keys the liability file lists, and the OctaneBench-hours they used."""
    per_epoch = keys.group_by("epoch_id").agg(
        pl.col("period_end").max(),
        pl.col("key").n_unique().cast(pl.Float64).alias(s.METRIC_KEYS_PAID),
        pl.col("obh").sum().alias(s.METRIC_OBH),
        pl.col("obh").is_not_null().any().alias("has_obh"),
    )
    long = per_epoch.unpivot(
        index=["epoch_id", "period_end", "has_obh"], on=[s.METRIC_KEYS_PAID, s.METRIC_OBH], variable_name="metric", value_name="value",
    ).filter((pl.col("metric") == s.METRIC_KEYS_PAID) | pl.col("has_obh"))
    units = {s.METRIC_KEYS_PAID: "wallets", s.METRIC_OBH: "OctaneBench-hours"}
    return long.sort("period_end", "metric").select(
        pl.lit(s.NETWORK).alias("network"),
        "metric",
        "value",
        pl.col("metric").replace_strict(units).alias("unit"),
        pl.when(pl.col("metric") == s.METRIC_KEYS_PAID)
        .then(pl.format("epoch {}: distinct Solana keys in metadataBySolKey over the epoch's channels", "epoch_id"))
        .otherwise(pl.format("epoch {}: obhUsed summed over those keys", "epoch_id"))
        .alias("note"),
        pl.lit(s.SOURCE).alias("source"),
        pl.lit(source_url).alias("source_url"),
        pl.col("period_end").alias("observed_at"),
    )


def _liability(payload: Payload) -> dict[str, pl.DataFrame]:
    shape = Shape(s.SOURCE, payload.resource)
    data = shape.field_obj(shape.obj(shape.document(payload), ""), "data", "")
    flows, keys = [], []
    for i, item in enumerate(shape.field_items(data, "epochs", "data")):
        path = f"data.epochs[{i}]"
        epoch = shape.obj(item, path)
        epoch_id = shape.count(epoch, "epochId", path)
        end = shape.timestamp(epoch, "end", path)
        flows.append(_flow(
            s.FLOW_EMISSION_DUE, shape.text(epoch, "channel", path) or "", epoch_id, payload,
            period_start=shape.timestamp(epoch, "start", path),
            period_end=end,
            amount_tokens=shape.count(epoch, "amountDue", path) / 10**s.DECIMALS,
            amount_usd=None,
        ))
        for key, meta in shape.field_obj(epoch, "metadataBySolKey", path).items():
            where = f"{path}.metadataBySolKey.{key}"
            obh = shape.number(shape.obj(meta, where), "obhUsed", where, optional=True, nullable=True)
            keys.append({"epoch_id": epoch_id, "period_end": end, "key": key, "obh": obh})
    key_frame = pl.DataFrame(keys, schema=KEY_COLUMNS, orient="row")
    return {
        "token_flows": frame("token_flows", flows).filter(_ended(payload)),
        "network_facts": epoch_facts(key_frame, payload.url).filter(pl.col("observed_at") <= payload.fetched_at),
    }


def parse(payloads: list[Payload]) -> dict[str, pl.DataFrame]:
    return parse_payloads(s.SOURCE, payloads, {s.BURNS_RESOURCE: _burns, s.LIABILITY_RESOURCE: _liability})
