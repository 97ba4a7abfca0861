"""What every API route shares, public reads and node intake alike: the blueprint, errors as JSON, bounded arguments, CSV."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import polars as pl
from flask import Blueprint, Response, jsonify, request

from computescope.explorer.data import records

blueprint = Blueprint("api_v1", __name__, url_prefix="/api/v1")
# Every method a route takes in, so that each one it refuses answers 405 with the route's own Allow (OPTIONS and TRACE too).
ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]
READ_ALLOW = "GET, HEAD"
WRITE_ROUTES = ("/api/v1/nodes/register", "/api/v1/reports")


def allow_for(path: str) -> str:
    """The Allow header of an API route: POST for the two signed write routes, GET and HEAD for everything else."""
    return "POST" if path.rstrip("/") in WRITE_ROUTES else READ_ALLOW


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
            if request.method not in ("GET", "HEAD"):
                response = error(405, f"{request.method} is not allowed: the public API is read-only")
                response.headers["Allow"] = READ_ALLOW
                return response
            try:
                return view(**kwargs)
            except ApiError as exc:
                return error(exc.status, str(exc))

        guarded.__name__ = view.__name__
        blueprint.add_url_rule(path, view_func=guarded, methods=ALL_METHODS, provide_automatic_options=False)
        return guarded

    return wrap


def arg(name: str, pattern: str = r"[A-Za-z0-9 ._\-]{1,64}") -> str | None:
    value = request.args.get(name)
    if value is None or value == "":
        return None
    if not re.fullmatch(pattern, value):
        raise ApiError(400, f"parameter {name} has an unexpected value {value!r}")
    return value


FORMULA_START = r"^[=+\-@\t\r]"


def csv_safe(df: pl.DataFrame) -> pl.DataFrame:
    """OWASP's rule for CSV injection: a text cell that opens with = + - @ tab or CR gets a leading ' so no spreadsheet runs it."""
    text = [c for c, t in df.schema.items() if t == pl.Utf8]
    return df.with_columns(
        pl.when(pl.col(c).str.contains(FORMULA_START)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c) for c in text
    )


def listing(df: pl.DataFrame, name: str) -> Response:
    fmt_arg = request.args.get("format", "json")
    if fmt_arg == "csv":
        buffer = io.StringIO()
        # every row decides the column types: early rows with nulls must not fix a column as null
        out = pl.DataFrame(records(df), schema=None if df.height else {c: pl.Utf8 for c in df.columns}, infer_schema_length=None)
        csv_safe(out).write_csv(buffer)
        return Response(buffer.getvalue(), mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    if fmt_arg != "json":
        raise ApiError(400, f"format must be json or csv, not {fmt_arg!r}")
    return jsonify(records(df))
