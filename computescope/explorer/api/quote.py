"""GET /api/v1/quote: one order against every network and cloud offer, as JSON; its OpenAPI parameters come from the same fields."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request

from computescope.core.catalog.gpus import known_models
from computescope.core.catalog.regions import MACRO_REGIONS
from computescope.explorer.api.http import ApiError, read_only
from computescope.explorer.data import db
from computescope.quoting.answer import run_quote
from computescope.quoting.request import FIELDS, Field, QuoteInputError, parse_request

# what a region list may name: a macro-region or a prefix that covers several (us, eu, ap)
REGION_KEYS = sorted({*MACRO_REGIONS, *(r.split("-")[0] for r in MACRO_REGIONS)}, key=lambda r: (-len(r), r))


def _schema(field: Field) -> dict[str, Any]:
    if field.kind == "model":
        return {"type": "string", "enum": known_models()}
    if field.kind == "flag":
        return {"type": "boolean"}
    if field.kind == "regions":
        one = "(?:" + "|".join(REGION_KEYS) + ")"
        return {"type": "string", "pattern": f"^(?:{one}(?:,{one})*)?$"}
    schema: dict[str, Any] = {"type": "integer" if field.kind == "whole" else "number"}
    if field.lo is not None:
        schema["minimum"] = int(field.lo) if field.kind == "whole" else field.lo
    if field.hi is not None:
        schema["maximum"] = int(field.hi) if field.kind == "whole" else field.hi
    return schema


def openapi_parameters() -> list[dict[str, Any]]:
    """The quote's query parameters, generated from quoting.request.FIELDS so the spec cannot drift from the parser."""
    out = []
    for field in FIELDS:
        description = field.help + ("" if field.kind != "model" else "; other spellings of these names are accepted too")
        if field.default is not None:
            description += f"; absent means {field.default:g}"
        out.append({"name": field.name, "in": "query", "required": field.required, "description": description, "schema": _schema(field)})
    return out


@read_only("/quote")
def quote() -> Response:
    try:
        order = parse_request(request.args.to_dict())
    except QuoteInputError as exc:
        raise ApiError(400, str(exc)) from None
    return jsonify(run_quote(db(), order).to_dict())
