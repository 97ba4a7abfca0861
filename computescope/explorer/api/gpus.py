"""GET /api/v1/gpus/<model>: one GPU model across every network and cloud, as JSON sections."""

from __future__ import annotations

from flask import Response, jsonify

from computescope.explorer.api.http import ApiError, read_only
from computescope.explorer.data import db
from computescope.explorer.gpuview import UnknownModel, gpu_view, resolve


@read_only("/gpus/<path:model>")
def gpu_model(model: str) -> Response:
    try:
        canonical = resolve(model)
    except UnknownModel as exc:
        raise ApiError(404, str(exc)) from None
    except ValueError as exc:
        raise ApiError(400, str(exc)) from None
    return jsonify(gpu_view(db(), canonical).to_dict())
