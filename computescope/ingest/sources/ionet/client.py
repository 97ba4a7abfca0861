"""io.net explorer API requests: the documented token header, the explorer's origin, and what a refused token means."""

from __future__ import annotations

from computescope.ingest.base import FetchContext, Payload, Resource
from computescope.ingest.http import FetchError
from computescope.ingest.sources.ionet import settings as s


def headers(token: str) -> dict[str, str]:
    return {s.TOKEN_HEADER: token, "Origin": s.EXPLORER_ORIGIN, "Referer": s.EXPLORER_ORIGIN + "/"}


def get(ctx: FetchContext, resource: Resource, token: str) -> Payload:
    """GET one explorer resource with the token; a refusal names the setting to renew, never the token."""
    try:
        return ctx.http.get(ctx.url(resource.path), resource=resource.name, headers=headers(token))
    except FetchError as exc:
        if exc.status not in (401, 403):
            raise
        raise FetchError(exc.url, f"HTTP {exc.status}: {s.REFUSED}", exc.status) from None
