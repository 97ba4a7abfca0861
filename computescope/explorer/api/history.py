"""GET /api/v1/operators/<id>/history and /api/v1/providers/<network>/<provider>/history: daily rollups over a range, paged."""

from __future__ import annotations

import re
from typing import Any

import polars as pl
from flask import Response, jsonify, request

from computescope.explorer.api.http import ApiError, read_only
from computescope.explorer.components.filters import RANGES
from computescope.explorer.data import frame, records
from computescope.explorer.history import (
    known_network,
    operator_history,
    provider_gaps,
    provider_history,
    provider_profile,
)

PROVIDER = r"[A-Za-z0-9._:\-]{1,128}"
MAX_LIMIT = 1000


def _whole(name: str, default: int, lo: int, hi: int) -> int:
    text = request.args.get(name) or str(default)
    if not re.fullmatch(r"\d{1,10}", text) or not lo <= int(text) <= hi:
        raise ApiError(400, f"parameter {name} must be a whole number from {lo} to {hi}, not {text!r}")
    return int(text)


def _page() -> tuple[str, int, int]:
    """The range (1M when absent), and limit and offset of the page."""
    range_key = request.args.get("range") or "1M"
    if range_key not in RANGES:
        raise ApiError(400, f"range must be one of {', '.join(RANGES)}, not {range_key!r}")
    return range_key, _whole("limit", 100, 1, MAX_LIMIT), _whole("offset", 0, 0, 10**9)


def _answer(rows: pl.DataFrame, range_key: str, limit: int, offset: int, head: dict[str, Any]) -> Response:
    total = int(rows["total"][0]) if rows.height else 0
    body = {**head, "range": range_key, "total": total, "limit": limit, "offset": offset, "rows": records(rows.drop("total"))}
    response = jsonify(body)
    response.headers["X-Total-Count"] = str(total)
    return response


@read_only("/operators/<operator_id>/history")
def operator_history_route(operator_id: str) -> Response:
    if not re.fullmatch(r"[A-Za-z0-9._\-]{1,64}", operator_id):
        raise ApiError(400, f"an operator id is 1 to 64 letters, digits, '.', '_' or '-', not {operator_id!r}")
    range_key, limit, offset = _page()
    profile = frame("operator_profile", {"operator_id": operator_id})
    if profile.is_empty():
        raise ApiError(404, f"no local-network operator is called {operator_id!r}")
    rows = operator_history(operator_id, range_key, limit, offset)
    head = {"operator_id": operator_id, "network": "localnet", "source": "localnet", "kind": "simulated", "missing": {}}
    return _answer(rows, range_key, limit, offset, head)


@read_only("/providers/<network>/<provider>/history")
def provider_history_route(network: str, provider: str) -> Response:
    if not known_network(network):
        raise ApiError(404, f"no real network is called {network!r}; the local network's providers are its operators (/api/v1/operators/<id>/history)")
    if not re.fullmatch(PROVIDER, provider):
        raise ApiError(400, f"a provider id is 1 to 128 letters, digits, '.', '_', ':' or '-', not {provider!r}")
    range_key, limit, offset = _page()
    gaps = provider_gaps(network)
    profile = provider_profile(network, provider)
    if profile is None:
        why = gaps.get("availability", "no poll has observed this provider")
        raise ApiError(404, f"no provider {provider!r} on {network}: {why}")
    rows = provider_history(network, provider, range_key, profile["last_day"], limit, offset)
    head = {"network": network, "provider": provider, "source": profile["source"], "kind": "observed",
            "missing": {metric: f"— {why}" for metric, why in gaps.items()}}
    return _answer(rows, range_key, limit, offset, head)

