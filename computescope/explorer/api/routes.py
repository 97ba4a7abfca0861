"""The public read-only JSON API (/api/v1): flat JSON arrays with source and observed_at, CSV on request."""

from __future__ import annotations

import re

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from computescope import __version__
from computescope.core.catalog.networks import REAL_NETWORKS as NETWORKS
from computescope.explorer.api import gpus as _gpus  # noqa: F401  (registers /gpus/<model>)
from computescope.explorer.api import history as _history  # noqa: F401  (registers /operators/<id>/history, /providers/<network>/<provider>/history)
from computescope.explorer.api import metrics as _metrics  # noqa: F401  (registers /metrics and /checks)
from computescope.explorer.api import quote as _quote  # noqa: F401  (registers /quote)
from computescope.explorer.api.http import (
    ALL_METHODS,
    ApiError,
    allow_for,
    arg,
    blueprint,
    error,
    listing,
    read_only,
)
from computescope.explorer.api.openapi import openapi_spec
from computescope.explorer.data import db, frame, records
from computescope.explorer.scenario import ScenarioError, run_scenario, to_json

SYMBOL = re.compile(r"[A-Z0-9]{1,12}")
FAILING = ("failed", "aborted", "partial")


@read_only("/health")
def health() -> Response:
    runs = frame("status_sources")
    db().cursor().execute("select 1").fetchall()[0]
    # a source whose last run failed, was cut off (aborted) or loaded only part of its resources is failing
    failing = [
        {"source": r["source"], "status": r["last_status"], "error": r["last_message"], "since": r["last_started_at"]}
        for r in records(runs) if r["last_status"] in FAILING
    ]
    status = "degraded" if failing else "ok"
    return jsonify({"status": status, "version": __version__, "failing": failing, "sources": records(runs)})


@read_only("/networks")
def networks() -> Response:
    return listing(frame("networks_list"), "networks")


@read_only("/gpus")
def gpus() -> Response:
    return listing(frame("gpus_api", {"network": arg("network"), "model": arg("model")}), "gpus")


@read_only("/prices")
def prices() -> Response:
    kind = arg("provider_kind")
    if kind not in (None, "network", "cloud"):
        raise ApiError(400, "provider_kind must be network or cloud")
    params = {"model": arg("model"), "provider": arg("provider"), "provider_kind": kind}
    return listing(frame("prices_api", params), "prices")


@read_only("/tokens/<symbol>/supply")
def token_supply(symbol: str) -> Response:
    symbol = _known_symbol(symbol)
    return listing(frame("token_supply_api", {"symbol": symbol}), f"{symbol.lower()}-supply")


def _known_symbol(symbol: str) -> str:
    symbol = symbol.upper()
    if not SYMBOL.fullmatch(symbol):
        raise ApiError(400, "a token symbol is 1 to 12 letters or digits")
    known = frame("tokens_list")["symbol"].to_list()
    if symbol not in known:
        raise ApiError(404, f"unknown token {symbol}; known: {', '.join(known)}")
    return symbol


@read_only("/tokens/<symbol>/burns")
def token_burns(symbol: str) -> Response:
    symbol = _known_symbol(symbol)
    return listing(frame("token_burns_api", {"symbol": symbol}), f"{symbol.lower()}-burns")


@read_only("/tokens/<symbol>/simulate")
def token_simulate(symbol: str) -> Response:
    symbol = _known_symbol(symbol)
    network = frame("tokens_list").filter(symbol=symbol)["network"][0]
    try:
        scenario = run_scenario(symbol, network, request.args.to_dict(), strict=True)
    except ScenarioError as exc:
        raise ApiError(400, str(exc)) from None
    return jsonify(to_json(scenario))


@read_only("/revenue")
def revenue() -> Response:
    network = arg("network")
    if network is not None and network not in NETWORKS:
        raise ApiError(400, f"network must be one of {', '.join(NETWORKS)}")
    return listing(frame("revenue_api", {"network": network}), "revenue")


@read_only("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_spec())


@blueprint.route("/<path:rest>", methods=ALL_METHODS)
def unknown(rest: str) -> Response:
    return error(404, f"no API route /api/v1/{rest}; see /api/v1/openapi.json")


def register_error_handlers(server: Flask) -> None:
    @server.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response | HTTPException:
        if request.path.startswith("/api/"):
            response = error(exc.code or 500, exc.description or exc.name)
            if exc.code == 405:  # a method no route takes at all (QUERY, PROPFIND, ...)
                response.headers["Allow"] = allow_for(request.path)
            return response
        return exc

    @server.route("/api/<path:rest>", methods=ALL_METHODS)
    def api_unknown(rest: str) -> Response:
        return error(404, f"no API route /api/{rest}; see /api/v1/openapi.json")
