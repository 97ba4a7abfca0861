"""GET /api/v1/quote: one order against every network and cloud offer, as JSON."""

from __future__ import annotations

from flask import Response, jsonify, request

from computescope.explorer.api.http import ApiError, read_only
from computescope.explorer.data import db
from computescope.quoting.answer import run_quote
from computescope.quoting.request import QuoteInputError, parse_request


@read_only("/quote")
def quote() -> Response:
    try:
        order = parse_request(request.args.to_dict())
    except QuoteInputError as exc:
        raise ApiError(400, str(exc)) from None
    return jsonify(run_quote(db(), order).to_dict())
