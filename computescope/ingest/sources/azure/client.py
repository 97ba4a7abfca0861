"""Pages through the Azure Retail Prices API by NextPageLink; a malformed, failed or endless page fails the run."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from computescope.ingest.http import HttpClient
from computescope.ingest.payload import Payload
from computescope.ingest.sources.azure.settings import SOURCE
from computescope.ingest.sources.validate import Shape


@dataclass(frozen=True)
class Page:
    items: list[Any]
    next_link: str | None   # null on the last page


def page_name(number: int) -> str:
    return f"page-{number:03d}"


def read_page(payload: Payload) -> Page:
    """The page checked: an object with an Items list and a NextPageLink that is a URL or null."""
    shape = Shape(SOURCE, payload.resource)
    document = shape.obj(shape.document(payload), "")
    # An empty NextPageLink is not read as the last page: the API has returned one mid-list, which would load a part.
    return Page(shape.field_items(document, "Items", ""), shape.text(document, "NextPageLink", "", nullable=True))


def _same_origin(link: str, base_url: str) -> bool:
    a, b = urlsplit(link), urlsplit(base_url)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


def pages(http: HttpClient, base_url: str, params: Mapping[str, str], max_pages: int) -> Iterator[Payload]:
    """Every page in order. Each page is handed over for landing before it is checked, so a bad one is kept as fetched."""
    # %20 rather than "+" for spaces: OData filters are read from a percent-decoded query
    url = f"{base_url}?{urlencode(params, quote_via=quote)}"
    seen: set[str] = set()
    shape = Shape(SOURCE, page_name(max_pages))
    for number in range(1, max_pages + 1):
        payload = http.get(url, resource=page_name(number))
        yield payload
        link = read_page(payload).next_link
        if link is None:
            return
        shape = Shape(SOURCE, payload.resource)
        # The link carries the filter and $skip; it is only followed on the API's own host.
        if not _same_origin(link, base_url):
            shape.fail("NextPageLink", f"points away from the API host ({link})")
        if link in seen:
            shape.fail("NextPageLink", f"repeats an earlier page ({link})")
        seen.add(link)
        url = link
    shape.fail("NextPageLink", f"more pages after the {max_pages}-page cap")
