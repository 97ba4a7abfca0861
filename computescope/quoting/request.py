"""The quote's fields, defined once: they drive the Quote page's form, the CLI's flags and the request parser."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from computescope.core.catalog.gpus import closest_models, normalize_gpu
from computescope.core.catalog.regions import expand_regions
from computescope.core.matching.types import Order

NODE_GPUS = 8        # replica size with --split when per_node is not given
MAX_GPUS = 4096
MAX_HOURS = 8760.0


class QuoteInputError(ValueError):
    """A quote parameter is missing or out of range; the message says which and what is allowed."""


@dataclass(frozen=True)
class Field:
    """One parameter of a quote: its one name (URL, form, request attribute; the CLI flag is --name with dashes)."""

    name: str
    kind: str                   # model | whole | number | regions | flag
    label: str                  # the form's label
    help: str                   # the CLI's help
    lo: float | None = None
    hi: float | None = None
    required: bool = False
    default: Any = None         # what an API or CLI call that leaves it out gets
    placeholder: str | None = None
    decimals: int | None = None
    step: float | None = None

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


FIELDS: tuple[Field, ...] = (
    Field("gpu", "model", "GPU model", "GPU model, e.g. H100, A100, L40S, RTX 4090", required=True),
    Field("count", "whole", "GPUs", "GPUs in total (default 1)", lo=1, hi=MAX_GPUS, default=1),
    Field("hours", "number", "Hours", "lease length in hours (default 1)", lo=0.01, hi=MAX_HOURS, default=1),
    Field("per_node", "whole", "GPUs per node", "GPUs that must share one node (default: all of them, or 8 with --split)",
          lo=1, hi=64, placeholder="all"),
    Field("vram", "number", "Min VRAM (GB)", "minimum GPU memory in GB", lo=1, hi=1024, placeholder="any"),
    Field("region", "regions", "Regions", "comma-separated regions or prefixes: us-east,eu-west or us", placeholder="anywhere"),
    Field("max_price", "number", "Max USD/GPU-h", "highest USD per GPU-hour", lo=0.01, hi=1000, placeholder="none", decimals=2),
    Field("min_uptime", "number", "Min uptime (0–1)", "lowest 30-day uptime, 0..1", lo=0, hi=1, placeholder="none", decimals=3, step=0.01),
    Field("reputation_weight", "number", "Reputation weight λ", "reputation weight λ (0 = lowest price wins)", lo=0, hi=10,
          placeholder="0", decimals=2, step=0.1),
    Field("split", "flag", "Split across providers", "allow the GPUs to be split across providers"),
)
BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}


@dataclass(frozen=True)
class QuoteRequest:
    gpu: str
    count: int
    hours: float
    per_node: int
    vram: float | None = None
    region: tuple[str, ...] = ()
    max_price: float | None = None
    min_uptime: float | None = None
    reputation_weight: float = 0.0
    split: bool = False

    def query(self) -> dict[str, str]:
        """The request as URL parameters (the inverse of parse_request)."""
        out: dict[str, str] = {}
        for field in FIELDS:
            value = getattr(self, field.name)
            if field.kind == "flag":
                if value:
                    out[field.name] = "true"
            elif field.kind == "regions":
                if value:
                    out[field.name] = ",".join(value)
            elif value is not None and not (field.name == "reputation_weight" and value == 0):
                out[field.name] = value if isinstance(value, str) else f"{value:g}"
        return out

    def to_order(self) -> Order:
        return Order(
            gpu_model=self.gpu,
            gpus_per_replica=self.per_node,
            replicas=self.count // self.per_node,
            hours=self.hours,
            vram_gb=self.vram,
            regions=expand_regions(self.region) if self.region else None,
            max_price=self.max_price,
            min_uptime=self.min_uptime,
            allow_split=self.split,
            reputation_weight=self.reputation_weight,
        )


def _number(field: Field, value: Any) -> Any:
    if value is None or value == "":
        if field.required:
            raise QuoteInputError(f"{field.name} is required")
        return field.default
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise QuoteInputError(f"{field.name} must be a number, not {value!r}") from None
    lo, hi = field.lo if field.lo is not None else -math.inf, field.hi if field.hi is not None else math.inf
    whole = field.kind == "whole"
    if not math.isfinite(number) or not lo <= number <= hi or (whole and not number.is_integer()):
        kind = "a whole number" if whole else "a number"
        raise QuoteInputError(f"{field.name} must be {kind} from {lo:g} to {hi:g}, not {value!r}")
    return int(number) if whole else number


def _flag(field: Field, value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("", "0", "false", "no", "off"):
        return False
    raise QuoteInputError(f"{field.name} must be true or false, not {value!r}")


def _regions(field: Field, value: Any) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else (value or [])
    if not all(isinstance(r, str) for r in items):
        raise QuoteInputError(f"{field.name} must list region names")
    regions = tuple(r.strip().lower() for r in items if r.strip())
    try:
        expand_regions(regions)
    except ValueError as exc:
        raise QuoteInputError(str(exc)) from None
    return regions


def _model(field: Field, value: Any) -> tuple[str, float | None]:
    raw = str(value or "").strip()
    if not raw:
        raise QuoteInputError(f"{field.name} is required, e.g. {field.name}=H100")
    spec = normalize_gpu(raw)
    if not spec.known or spec.model == "*":
        hint = ", ".join(closest_models(raw)) or "H100, A100, L40S, RTX 4090"
        raise QuoteInputError(f"unknown GPU model {raw!r}; closest known: {hint}")
    return spec.model, spec.vram_gb


def parse_request(params: Mapping[str, Any]) -> QuoteRequest:
    """Validate quote parameters from a CLI, a query string or a form (lists may come as lists or comma-separated)."""
    unknown = sorted(set(params) - set(BY_NAME))
    if unknown:
        raise QuoteInputError(f"unknown parameter {unknown[0]!r}; known: {', '.join(BY_NAME)}")
    values: dict[str, Any] = {}
    implied_vram: float | None = None
    for field in FIELDS:
        value = params.get(field.name)
        if field.kind == "model":
            values[field.name], implied_vram = _model(field, value)
        elif field.kind == "flag":
            values[field.name] = _flag(field, value)
        elif field.kind == "regions":
            values[field.name] = _regions(field, value)
        else:
            values[field.name] = _number(field, value)
    count = values["count"]
    if values["per_node"] is None:
        values["per_node"] = min(count, NODE_GPUS if values["split"] else count)
    if count % values["per_node"]:
        raise QuoteInputError(f"count ({count}) must be a multiple of per_node ({values['per_node']}): "
                              "replicas of per_node GPUs each sit on one node")
    if values["vram"] is None:
        values["vram"] = implied_vram  # a name that implies one memory size (e.g. L40S) asks for it
    values["reputation_weight"] = values["reputation_weight"] or 0.0
    return QuoteRequest(**values)
