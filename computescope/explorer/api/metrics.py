"""The metrics layer and the data checks over the API: /api/v1/metrics (one definition per figure) and /api/v1/checks."""

from __future__ import annotations

from flask import Response

from computescope.checks import latest_results
from computescope.explorer.api.http import ApiError, arg, listing, read_only
from computescope.explorer.data import db, frame, metrics

NAME = r"[a-z0-9_]{1,64}"


@read_only("/metrics")
def metric_rows() -> Response:
    name = arg("name", NAME)
    known = frame("metric_definitions")["name"].to_list()
    if name is not None and name not in known:
        raise ApiError(404, f"no metric named {name}; known: {', '.join(known)}")  # well formed, but no such metric
    # value is the number; a text metric (unit "text", e.g. token_model) carries its label in value_text
    columns = ("name", "network", "symbol", "value", "value_text", "unit", "grain", "kind", "source", "source_url", "observed_at")
    return listing(metrics(arg("network"), name).select(columns), "metrics")


@read_only("/metrics/definitions")
def metric_definitions() -> Response:
    return listing(frame("metric_definitions"), "metric-definitions")


@read_only("/checks")
def check_results() -> Response:
    return listing(latest_results(db()), "checks")

