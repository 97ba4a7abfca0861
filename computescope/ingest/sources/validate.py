"""Shape checks for JSON payloads, and the parse plumbing the JSON network sources share."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, NoReturn

import polars as pl

from computescope.ingest.http import decode_json
from computescope.ingest.payload import Payload, SchemaError

TIMESTAMP = pl.Datetime("us", "UTC")
Parser = Callable[[Payload], dict[str, pl.DataFrame]]

# column types of the fact tables these sources write (the table itself is the authority; this only types the frames)
COLUMNS: dict[str, dict[str, pl.DataType]] = {
    "token_flows": {
        "symbol": pl.String(), "network": pl.String(), "flow": pl.String(), "channel": pl.String(), "epoch_id": pl.String(),
        "period_start": TIMESTAMP, "period_end": TIMESTAMP, "amount_tokens": pl.Float64(), "amount_usd": pl.Float64(),
    },
    "network_facts": {"network": pl.String(), "metric": pl.String(), "value": pl.Float64(), "unit": pl.String(), "note": pl.String()},
    "revenue": {"network": pl.String(), "period_start": pl.Date(), "period": pl.String(), "metric": pl.String(), "usd": pl.Float64()},
    "token_supply": {
        "symbol": pl.String(), "network": pl.String(), "circulating": pl.Float64(), "total": pl.Float64(),
        "max_supply": pl.Float64(), "price_usd": pl.Float64(), "market_cap_usd": pl.Float64(),
    },
    "gpu_inventory": {"network": pl.String(), "gpu_model_raw": pl.String(), "measure": pl.String(), "gpus": pl.Float64()},
}
_SOURCED = {"source": pl.String(), "source_url": pl.String(), "observed_at": TIMESTAMP}


def frame(table: str, rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Rows (dicts) as a frame typed for `table`, with source, source_url and observed_at; no rows gives an empty typed frame."""
    return pl.DataFrame(rows, schema={**COLUMNS[table], **_SOURCED}, orient="row")


_JSON_KINDS = {bool: "boolean", int: "number", float: "number", str: "text", list: "list", dict: "object"}


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    kind = _JSON_KINDS.get(type(value), type(value).__name__)
    shown = repr(value)
    return f"{kind} {shown[:57] + '...' if len(shown) > 60 else shown}"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


@dataclass(frozen=True)
class Shape:
    """Typed reads from one decoded payload; any departure from the documented shape raises SchemaError naming the field."""

    source: str
    resource: str

    def fail(self, path: str, problem: str) -> NoReturn:
        raise SchemaError(self.source, self.resource, f"field {path}: {problem}")

    def document(self, payload: Payload) -> Any:
        try:
            return decode_json(payload)
        except SchemaError as exc:
            raise SchemaError(self.source, self.resource, exc.problem) from None

    def obj(self, value: Any, path: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            self.fail(path or "(document)", f"expected object, got {_describe(value)}")
        return value

    def items(self, value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            self.fail(path or "(document)", f"expected list, got {_describe(value)}")
        return value

    def _get(self, record: Mapping[str, Any], name: str, where: str, optional: bool) -> Any:
        if name not in record:
            if optional:
                return None
            self.fail(where, "missing")
        return record[name]

    def field_obj(self, record: Mapping[str, Any], name: str, path: str) -> Mapping[str, Any]:
        where = _join(path, name)
        return self.obj(self._get(record, name, where, False), where)

    def field_items(self, record: Mapping[str, Any], name: str, path: str, *, nullable: bool = False) -> list[Any]:
        """A list field; `nullable` reads null as no items."""
        where = _join(path, name)
        value = self._get(record, name, where, False)
        return [] if value is None and nullable else self.items(value, where)

    def number(
        self, record: Mapping[str, Any], name: str, path: str, *, optional: bool = False, nullable: bool = False, numeric_text: bool = False
    ) -> float | None:
        """A finite JSON number; `optional` allows the field to be absent, `nullable` allows null, `numeric_text` reads "72.92"."""
        where = _join(path, name)
        value = self._get(record, name, where, optional)
        if value is None and (nullable or name not in record):
            return None
        if numeric_text and isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                self.fail(where, f"expected a finite number, got {_describe(value)}")
        if not _is_number(value) or not math.isfinite(value):
            self.fail(where, f"expected a finite number, got {_describe(value)}")
        return float(value)

    def fraction(self, record: Mapping[str, Any], name: str, path: str) -> float | None:
        """A share 0..1, or null; a percentage (99.87) is refused rather than read as 9987 %."""
        value = self.number(record, name, path, nullable=True)
        if value is not None and not 0.0 <= value <= 1.0:
            self.fail(_join(path, name), f"expected a fraction 0..1, got {value}")
        return value

    def flag(self, record: Mapping[str, Any], name: str, path: str) -> bool:
        where = _join(path, name)
        value = self._get(record, name, where, False)
        if not isinstance(value, bool):
            self.fail(where, f"expected true or false, got {_describe(value)}")
        return value

    def count(self, record: Mapping[str, Any], name: str, path: str) -> int:
        """A whole, non-negative number (ids, counts, base units); 12.0 is accepted, 12.5 and -1 are not."""
        where = _join(path, name)
        value = self._get(record, name, where, False)
        whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        if not _is_number(value) or not whole or value < 0:
            self.fail(where, f"expected a whole non-negative number, got {_describe(value)}")
        return int(value)

    def integer(self, record: Mapping[str, Any], name: str, path: str) -> int:
        """A whole number that may be negative (e.g. -1 for 'not known yet')."""
        where = _join(path, name)
        value = self._get(record, name, where, False)
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(where, f"expected a whole number, got {_describe(value)}")
        return value

    def text(
        self, record: Mapping[str, Any], name: str, path: str, *, optional: bool = False, nullable: bool = False, blank: bool = False
    ) -> str | None:
        """Text; `blank` accepts an empty string (a source that sends "" for not set)."""
        where = _join(path, name)
        value = self._get(record, name, where, optional)
        if value is None and (nullable or name not in record):
            return None
        if not isinstance(value, str):
            self.fail(where, f"expected text, got {_describe(value)}")
        if not blank and not value.strip():
            self.fail(where, "empty text")
        return value

    def timestamp(self, record: Mapping[str, Any], name: str, path: str, *, optional: bool = False, nullable: bool = False) -> datetime | None:
        """An ISO 8601 date-time in UTC; one written without an offset is read as UTC."""
        text = self.text(record, name, path, optional=optional, nullable=nullable)
        if text is None:
            return None
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            self.fail(_join(path, name), f"not an ISO 8601 date-time: {text[:60]!r}")
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def day(self, record: Mapping[str, Any], name: str, path: str) -> date:
        text = self.text(record, name, path) or ""
        try:
            return date.fromisoformat(text)
        except ValueError:
            self.fail(_join(path, name), f"not a YYYY-MM-DD date: {text[:60]!r}")


def parse_payloads(source: str, payloads: list[Payload], parsers: Mapping[str, Parser]) -> dict[str, pl.DataFrame]:
    """Run each payload through its resource's parser and stack the frames per table."""
    frames: dict[str, list[pl.DataFrame]] = {}
    for payload in payloads:
        parser = parsers.get(payload.resource)
        if parser is None:
            raise SchemaError(source, payload.resource, f"not a resource of {source}; known: {', '.join(parsers)}")
        for table, part in parser(payload).items():
            frames.setdefault(table, []).append(part)
    return {table: pl.concat(parts, how="diagonal_relaxed") for table, parts in frames.items()}
