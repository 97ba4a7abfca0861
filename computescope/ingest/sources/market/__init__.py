"""CoinGecko market data: price, market cap and supply of the five networks' tokens, in one request."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import polars as pl

from computescope.ingest.base import FetchContext, Payload, Resource
from computescope.ingest.sources.market import settings as s
from computescope.ingest.sources.market.settings import IDENTITY as IDENTITY
from computescope.ingest.sources.validate import Shape, frame, parse_payloads

log = logging.getLogger(__name__)

RESOURCES = (Resource(s.MARKETS_RESOURCE, s.MARKETS_PATH, ("token_supply",)),)


def fetch_resource(ctx: FetchContext, resource: Resource) -> Payload:
    params = {"vs_currency": s.VS_CURRENCY, "ids": ",".join(s.COINS)}
    return ctx.http.get(ctx.url(resource.path), resource=resource.name, params=params)


def fetch(ctx: FetchContext) -> Iterator[Payload]:
    for resource in RESOURCES:
        yield fetch_resource(ctx, resource)


def _markets(payload: Payload) -> dict[str, pl.DataFrame]:
    shape = Shape(s.SOURCE, payload.resource)
    rows, seen = [], set()
    for i, item in enumerate(shape.items(shape.document(payload), "")):
        path = f"[{i}]"
        coin = shape.obj(item, path)
        coin_id = shape.text(coin, "id", path) or ""
        if coin_id not in s.COINS:
            log.info("market: ignoring coin %r, which was not asked for", coin_id)
            continue
        seen.add(coin_id)
        symbol, network = s.COINS[coin_id]
        # CoinGecko sends null for figures it does not know (e.g. no max supply); only an absent price is a shape change
        rows.append({
            "symbol": symbol, "network": network,
            "price_usd": shape.number(coin, "current_price", path, nullable=True),
            "market_cap_usd": shape.number(coin, "market_cap", path, optional=True, nullable=True),
            "circulating": shape.number(coin, "circulating_supply", path, optional=True, nullable=True),
            "total": shape.number(coin, "total_supply", path, optional=True, nullable=True),
            "max_supply": shape.number(coin, "max_supply", path, optional=True, nullable=True),
            "source": s.SOURCE, "source_url": payload.url,
            "observed_at": shape.timestamp(coin, "last_updated", path, optional=True, nullable=True) or payload.fetched_at,
        })
    missing = [coin_id for coin_id in s.COINS if coin_id not in seen]
    if missing:
        log.info("market: CoinGecko has no entry for %s", ", ".join(missing))
    return {"token_supply": frame("token_supply", rows)}


def parse(payloads: list[Payload]) -> dict[str, pl.DataFrame]:
    return parse_payloads(s.SOURCE, payloads, {s.MARKETS_RESOURCE: _markets})
