"""The quote's OpenAPI parameters are generated from the quote's fields: same names, ranges and values the parser accepts."""

from __future__ import annotations

import re

import pytest

from computescope.explorer.api.openapi import openapi_spec
from computescope.explorer.api.quote import REGION_KEYS
from computescope.quoting.request import FIELDS, QuoteInputError, parse_request


def _params() -> dict[str, dict]:
    return {p["name"]: p for p in openapi_spec()["paths"]["/api/v1/quote"]["get"]["parameters"]}


def test_every_field_is_a_parameter_with_its_range() -> None:
    params = _params()
    assert list(params) == [f.name for f in FIELDS]
    assert params["gpu"]["required"] is True and "H100" in params["gpu"]["schema"]["enum"]
    assert params["count"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 4096}
    assert params["hours"]["schema"] == {"type": "number", "minimum": 0.01, "maximum": 8760.0}
    assert params["max_price"]["schema"]["minimum"] == 0.01
    assert params["split"]["schema"] == {"type": "boolean"}


def test_the_spec_bounds_are_what_the_parser_accepts() -> None:
    params = _params()
    for name in ("count", "hours", "vram", "max_price", "min_uptime", "reputation_weight"):
        schema = params[name]["schema"]
        parse_request({"gpu": "H100", name: str(schema["minimum"])} | ({"per_node": "1"} if name == "count" else {}))
        parse_request({"gpu": "H100", name: str(schema["maximum"])} | ({"per_node": "1"} if name == "count" else {}))
        with pytest.raises(QuoteInputError):
            parse_request({"gpu": "H100", name: str(schema["maximum"] * 2 + 1)})


def test_every_region_the_pattern_allows_is_accepted() -> None:
    pattern = re.compile(_params()["region"]["schema"]["pattern"])
    for key in REGION_KEYS:
        assert pattern.match(key) and pattern.match(f"{key},{key}")
        assert parse_request({"gpu": "H100", "region": key}).region == (key,)
    assert pattern.match("") and not pattern.match("mars") and not pattern.match("us,")
    for model in _params()["gpu"]["schema"]["enum"]:
        assert parse_request({"gpu": model}).gpu == model
