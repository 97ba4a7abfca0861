"""The public read-only JSON API (/api/v1): flat JSON arrays with source and observed_at, CSV on request."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import polars as pl
from flask import Blueprint, Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from computescope import __version__
from computescope.explorer.data import db, frame, records
from computescope.explorer.openapi import openapi_spec
from computescope.explorer.theme import NETWORKS

blueprint = Blueprint("api_v1", __name__, url_prefix="/api/v1")
ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
SYMBOL = re.compile(r"[A-Z0-9]{1,12}")


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def error(status: int, message: str) -> Response:
    response = jsonify({"error": message, "status": status})
    response.status_code = status
    return response


def read_only(path: str) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
    """A GET route that answers every other method with a JSON 405 (no write path without authentication)."""

    def wrap(view: Callable[..., Response]) -> Callable[..., Response]:
        def guarded(**kwargs: Any) -> Response:
            if request.method != "GET":
                response = error(405, f"{request.method} is not allowed: the public API is read-only")
                response.headers["Allow"] = "GET, HEAD"
                return response
            try:
                return view(**kwargs)
            except ApiError as exc:
                return error(exc.status, str(exc))

        guarded.__name__ = view.__name__
        blueprint.add_url_rule(path, view_func=guarded, methods=ALL_METHODS)
        return guarded

    return wrap


def arg(name: str, pattern: str = r"[A-Za-z0-9 ._\-]{1,64}") -> str | None:
    value = request.args.get(name)
    if value is None or value == "":
        return None
    if not re.fullmatch(pattern, value):
        raise ApiError(400, f"parameter {name} has an unexpected value {value!r}")
    return value


def listing(df: pl.DataFrame, name: str) -> Response:
    fmt_arg = request.args.get("format", "json")
    if fmt_arg == "csv":
        buffer = io.StringIO()
        pl.DataFrame(records(df), schema=None if df.height else {c: pl.Utf8 for c in df.columns}).write_csv(buffer)
        return Response(buffer.getvalue(), mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    if fmt_arg != "json":
        raise ApiError(400, f"format must be json or csv, not {fmt_arg!r}")
    return jsonify(records(df))


@read_only("/health")
def health() -> Response:
    runs = frame("status_sources")
    db().cursor().execute("select 1").fetchall()[0]
    return jsonify({"status": "ok", "version": __version__, "sources": records(runs)})


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
    from computescope.explorer.scenario import ScenarioError, run_scenario, to_json

    symbol = _known_symbol(symbol)
    network = frame("tokens_list").filter(symbol=symbol)["network"][0]
    try:
        scenario = run_scenario(symbol, network, request.args.to_dict(), strict=True)
    except ScenarioError as exc:
        raise ApiError(400, str(exc)) from None
    return jsonify(to_json(scenario))


@read_only("/quote")
def quote() -> Response:
    from computescope.quoting import QuoteInputError, parse_request, run_quote

    try:
        request_ = parse_request(request.args.to_dict())
    except QuoteInputError as exc:
        raise ApiError(400, str(exc)) from None
    return jsonify(run_quote(db(), request_))


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
            return error(exc.code or 500, exc.description or exc.name)
        return exc

    @server.route("/api/<path:rest>", methods=ALL_METHODS)
    def api_unknown(rest: str) -> Response:
        return error(404, f"no API route /api/{rest}; see /api/v1/openapi.json")
