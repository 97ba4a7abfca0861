"""The one canonical GPU-name normaliser: any source's spelling in, a catalogued model with memory and interface out."""

from __future__ import annotations

import difflib
import math
import numbers
import re
from dataclasses import dataclass

import polars as pl

from computescope.core.catalog.gpu_models import MODELS, SPELLINGS, GpuModel

WILDCARD = "*"


@dataclass(frozen=True)
class GpuSpec:
    """One GPU name resolved against the catalogue; an unknown name keeps its text as `model` with known=False."""

    raw: str
    vendor: str | None
    model: str
    vram_gb: float | None
    interface: str | None
    gpu_class: str | None
    known: bool


@dataclass(frozen=True)
class _Hit:
    model: GpuModel
    interface: str | None = None
    memory_gb: float | None = None


@dataclass(frozen=True)
class _Parsed:
    key: str
    key_with_memory: str
    key_without_memory_type: str
    memory_gb: float | None
    interface: str | None
    vendor: str | None


_VENDORS = {"nvidia": "NVIDIA", "amd": "AMD", "apple": "Apple", "intel": "Intel"}
_VENDOR_WORDS = {
    "nvidia": "NVIDIA", "geforce": "NVIDIA", "tesla": "NVIDIA", "quadro": "NVIDIA",
    "amd": "AMD", "radeon": "AMD", "instinct": "AMD", "apple": "Apple", "intel": "Intel", "arc": "Intel",
}
# Brand and filler words carry no identity: "NVIDIA GeForce RTX 4090" and "rtx4090" are one card.
_NOISE_WORDS = frozenset(_VENDOR_WORDS) - {"arc"} | {
    "gpu", "graphics", "card", "accelerator", "tensor", "core", "generation", "edition",
    "nvlink", "oam", "vram", "memory", "mem",
}
_SYNONYMS = {"mobile": "laptop", "notebook": "laptop"}
INTERFACE_NAMES = {"sxm": "SXM", "pcie": "PCIe"}  # the stored form factor as a person writes it
_INTERFACE_WORDS = {"pcie": "pcie", "pci": "pcie", "fhhl": "pcie", "hgx": "sxm", "dgx": "sxm"}
_SXM_RE = re.compile(r"sxm\d*")
_MEMORY_TYPE_RE = re.compile(r"(?:hbm|gddr|lpddr)\d*[ex]?")
_PCIE_RE = re.compile(r"pci[\s_-]*e(?:xpress)?")
_COUNT_PREFIX_RE = re.compile(r"^\s*\d+\s*[x×]\s*")
_COUNT_SUFFIX_RE = re.compile(r"(?<![a-z0-9])[x×]\s*\d+\s*$")
_CORES_RE = re.compile(r"\b\d+[\s-]*cores?\b")
# A space is allowed before "GB"/"GiB" but not before a bare "G", so "RTX 3090 Ti" never reads as memory.
_NAME_MEMORY_RE = re.compile(r"(?<![a-z0-9.])(\d+(?:\.\d+)?)(?:\s*(?:gib|gb)|gi?)(?![a-z0-9])")
_QUANTITY_RE = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]*)")
_UNIT_TO_GB = {
    "b": 1 / 1024**3, "bytes": 1 / 1024**3,
    "k": 1 / 1024**2, "kb": 1 / 1024**2, "ki": 1 / 1024**2, "kib": 1 / 1024**2,
    "m": 1 / 1024, "mb": 1 / 1024, "mi": 1 / 1024, "mib": 1 / 1024,
    "g": 1.0, "gb": 1.0, "gi": 1.0, "gib": 1.0,
    "t": 1024.0, "tb": 1024.0, "ti": 1024.0, "tib": 1024.0,
}
# Bare numbers above this are MiB (nvidia-smi, SkyPilot's MemoryInfo); no GPU has 512 GB yet.
_LARGEST_BARE_GB = 512
# Reported memory sits a little under the marketed size (ECC, reserved pages); within this share it is that size.
_SNAP_TOLERANCE = 0.1


def parse_memory_gb(text: str | int | float | None) -> float | None:
    """GPU memory in GB from "80Gi", "80GB", "81920Mi", "24 GB" or a number; None when absent or unreadable.

    Bare numbers up to 512 are GB, larger ones MiB. GB and GiB are taken as the same unit, as GPU labels do.
    """
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, numbers.Real):
        value = float(text)
        if math.isnan(value) or value <= 0:
            return None
        gb = value if value <= _LARGEST_BARE_GB else value / 1024
        return round(gb, 2)
    match = _QUANTITY_RE.fullmatch(text.strip().lower().replace(",", ""))
    if match is None:
        return None
    number, unit = float(match.group(1)), match.group(2)
    if unit == "":
        return parse_memory_gb(number)
    factor = _UNIT_TO_GB.get(unit)
    if factor is None or number <= 0:
        return None
    return round(number * factor, 2)


def _interface_of(text: str | None) -> str | None:
    if text is None:
        return None
    for token in re.findall(r"[a-z0-9]+", _PCIE_RE.sub("pcie", text.lower())):
        if _SXM_RE.fullmatch(token):
            return "sxm"
        if token in _INTERFACE_WORDS:
            return _INTERFACE_WORDS[token]
    return None


def _vendor_of(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    return _VENDORS.get(text.strip().lower(), text.strip())


def _parse(text: str) -> _Parsed:
    lowered = text.lower().replace("(tm)", " ").replace("(r)", " ").replace("™", " ").replace("®", " ")
    lowered = _PCIE_RE.sub(" pcie ", lowered)
    lowered = _COUNT_SUFFIX_RE.sub(" ", _COUNT_PREFIX_RE.sub(" ", lowered))
    lowered = _CORES_RE.sub(" ", lowered)
    found = _NAME_MEMORY_RE.search(lowered)
    memory = float(found.group(1)) if found else None
    with_memory = _NAME_MEMORY_RE.sub(lambda m: f" {float(m.group(1)):g}gb ", lowered)
    without_memory = _NAME_MEMORY_RE.sub(" ", lowered)

    interface: str | None = None
    vendor: str | None = None
    kept: list[str] = []
    for token in re.findall(r"[a-z0-9]+", without_memory):
        if _SXM_RE.fullmatch(token) or token in _INTERFACE_WORDS:
            interface = interface or _interface_of(token)
            continue
        vendor = vendor or _VENDOR_WORDS.get(token) or ("NVIDIA" if token[:3] in ("rtx", "gtx") else None)
        if token not in _NOISE_WORDS:
            kept.append(_SYNONYMS.get(token, token))
    kept_with_memory = [
        _SYNONYMS.get(token, token)
        for token in re.findall(r"[a-z0-9]+", with_memory)
        if not (_SXM_RE.fullmatch(token) or token in _INTERFACE_WORDS or token in _NOISE_WORDS)
    ]
    return _Parsed(
        key="".join(kept),
        key_with_memory="".join(kept_with_memory),
        key_without_memory_type="".join(t for t in kept if not _MEMORY_TYPE_RE.fullmatch(t)),
        memory_gb=memory,
        interface=interface,
        vendor=vendor,
    )


def _aliases(model: GpuModel) -> list[str]:
    names = [model.name, *model.aliases]
    if model.vendor == "NVIDIA" and model.gpu_class == "consumer":
        # Provider attributes and shoppers often drop the series prefix ("4090", "3090ti").
        names += [re.sub(r"^(?:RTX|GTX|GT) ", "", name) for name in names]
    if model.name.startswith("RTX A"):
        names.append(model.name.removeprefix("RTX "))
    names += [name.removesuffix(" SUPER") + "S" for name in names if name.endswith(" SUPER")]
    names += [name.replace(" Laptop GPU", "M") for name in names if name.endswith(" Laptop GPU")]
    return names


def _build_table() -> dict[str, _Hit]:
    by_name = {model.name: model for model in MODELS}
    entries: list[tuple[str, _Hit]] = []
    for model in MODELS:
        entries += [(name, _Hit(model)) for name in _aliases(model)]
    for spelling in SPELLINGS:
        entries.append((spelling.text, _Hit(by_name[spelling.model], spelling.interface, spelling.memory_gb)))
    table: dict[str, _Hit] = {}
    for text, hit in entries:
        parsed = _parse(text)
        key = parsed.key_with_memory if parsed.memory_gb is not None else parsed.key
        previous = table.setdefault(key, hit)
        if previous.model is not hit.model:
            raise ValueError(f"GPU spelling {text!r} names both {previous.model.name} and {hit.model.name}")
    return table


_TABLE = _build_table()


def _lookup(parsed: _Parsed) -> tuple[_Hit | None, float | None]:
    """The catalogue hit for a parsed name, and the memory the name states (unless that figure is part of the name)."""
    if parsed.memory_gb is not None and parsed.key_with_memory in _TABLE:
        return _TABLE[parsed.key_with_memory], None
    for key in (parsed.key, parsed.key_without_memory_type):
        if key and key in _TABLE:
            return _TABLE[key], parsed.memory_gb
    return None, parsed.memory_gb


def _snap(value: float, sizes: tuple[float, ...]) -> float:
    near = [size for size in sizes if abs(value - size) <= _SNAP_TOLERANCE * size]
    return float(min(near, key=lambda size: abs(value - size))) if near else value


def with_interface(model: str, interface: str | None) -> str:
    """A model with its form factor when one is known: "H100 SXM", "A100 PCIe"; the model alone otherwise."""
    return f"{model} {INTERFACE_NAMES.get(interface, interface)}" if interface else model


def normalize_gpu(
    raw: str | None,
    *,
    vram: str | int | float | None = None,
    interface: str | None = None,
    vendor: str | None = None,
) -> GpuSpec:
    """Map one GPU name, as any source writes it, to its catalogued model.

    Explicit `vram` and `interface` win over what the name implies; memory close to a catalogued size
    (81559 MiB) is reported as that size (80). Unknown names are kept verbatim with known=False.
    """
    if raw is None or not raw.strip():
        raise ValueError("empty GPU name")
    given_vram = parse_memory_gb(vram)
    given_interface = _interface_of(interface)
    if raw.strip() == WILDCARD:
        return GpuSpec(raw, _vendor_of(vendor), WILDCARD, given_vram, given_interface, None, True)

    parsed = _parse(raw)
    hit, name_memory = _lookup(parsed)
    if hit is None:
        return GpuSpec(
            raw=raw,
            vendor=_vendor_of(vendor) or parsed.vendor,
            model=raw.strip(),
            vram_gb=given_vram if given_vram is not None else name_memory,
            interface=given_interface or parsed.interface,
            gpu_class=None,
            known=False,
        )

    model = hit.model
    memory = given_vram if given_vram is not None else name_memory
    if memory is not None:
        vram_gb: float | None = _snap(memory, model.memory_gb)
    elif hit.memory_gb is not None:
        vram_gb = float(hit.memory_gb)
    else:
        vram_gb = float(model.memory_gb[0]) if len(model.memory_gb) == 1 else None
    default_interface = model.interfaces[0] if len(model.interfaces) == 1 else None
    return GpuSpec(
        raw=raw,
        vendor=model.vendor,
        model=model.name,
        vram_gb=vram_gb,
        interface=given_interface or parsed.interface or hit.interface or default_interface,
        gpu_class=model.gpu_class,
        known=True,
    )


_FRAME_OUTPUTS = {
    "gpu_model": pl.String,
    "vram_gb": pl.Float64,
    "interface": pl.String,
    "gpu_class": pl.String,
    "gpu_known": pl.Boolean,
}


def normalize_frame(
    df: pl.DataFrame,
    raw_col: str = "gpu_model_raw",
    *,
    vram_col: str | None = None,
    interface_col: str | None = None,
) -> pl.DataFrame:
    """Add (or overwrite) gpu_model, vram_gb, interface, gpu_class and gpu_known, mapping each distinct input once.

    Non-null `vram_col` / `interface_col` values win over the name; null ones fall back to it. A null or
    blank name gives a null model with gpu_known False.
    """
    keys = {"__gpu_raw": raw_col, "__gpu_vram": vram_col, "__gpu_interface": interface_col}
    work = df.with_columns(
        (pl.col(source).cast(pl.String) if source is not None else pl.lit(None, dtype=pl.String)).alias(key)
        for key, source in keys.items()
    )
    distinct = work.select(list(keys)).unique(maintain_order=True)
    columns: dict[str, list[object]] = {name: [] for name in _FRAME_OUTPUTS}
    for raw, vram, interface in distinct.iter_rows():
        if raw is None or not raw.strip():
            spec = None
            vram_gb, iface = parse_memory_gb(vram), _interface_of(interface)
        else:
            spec = normalize_gpu(raw, vram=vram, interface=interface)
            vram_gb, iface = spec.vram_gb, spec.interface
        columns["gpu_model"].append(spec.model if spec else None)
        columns["vram_gb"].append(vram_gb)
        columns["interface"].append(iface)
        columns["gpu_class"].append(spec.gpu_class if spec else None)
        columns["gpu_known"].append(spec.known if spec else False)
    mapping = distinct.with_columns(
        pl.Series(f"__out_{name}", columns[name], dtype=dtype) for name, dtype in _FRAME_OUTPUTS.items()
    )
    joined = work.join(mapping, on=list(keys), how="left", nulls_equal=True, maintain_order="left")
    return joined.with_columns(
        pl.col(f"__out_{name}").alias(name) for name in _FRAME_OUTPUTS
    ).drop([*keys, *(f"__out_{name}" for name in _FRAME_OUTPUTS)])


def known_models() -> list[str]:
    """Every canonical model name in the catalogue, sorted."""
    return sorted(model.name for model in MODELS)


def closest_models(name: str, n: int = 3) -> list[str]:
    """Up to n catalogued models whose spelling is nearest to name, best first, for "did you mean ...?"."""
    parsed = _parse(name)
    if n <= 0 or not parsed.key:
        return []
    matches = difflib.get_close_matches(parsed.key, list(_TABLE), n=len(_TABLE), cutoff=0.6)
    found: list[str] = []
    for key in matches:
        model_name = _TABLE[key].model.name
        if model_name not in found:
            found.append(model_name)
    return found[:n]
