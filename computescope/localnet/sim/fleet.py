"""The local network's fleet: operators and their nodes, GPUs, regions, asks, stakes, flakiness and cheaters."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from computescope.core.catalog.gpus import normalize_gpu

BLOCK = 1024  # nodes are drawn in fixed blocks, so the first n nodes of a larger fleet are the same nodes
FLEET_STREAM = 1


@dataclass(frozen=True)
class LocalModel:
    """A GPU the local network sells: who owns it, how many per node, and its reference price in USD/GPU-h."""

    name: str
    claim: str                       # as an agent writes it; attested against the datasheet table
    node_class: str                  # consumer (individuals) | datacenter
    share: float                     # of the nodes of its class
    gpus: tuple[int, ...]
    gpu_weights: tuple[float, ...]
    ref_usd: float
    tflops: float                    # dense BF16 datasheet peak, for attestation probes
    tbps: float


MODELS: tuple[LocalModel, ...] = (
    LocalModel("RTX 3090", "RTX 3090", "consumer", 0.45, (1, 2, 4), (0.7, 0.25, 0.05), 0.22, 71.0, 0.936),
    LocalModel("RTX 4090", "RTX 4090", "consumer", 0.55, (1, 2, 4), (0.65, 0.28, 0.07), 0.38, 165.2, 1.008),
    LocalModel("A100", "A100 80GB SXM", "datacenter", 0.55, (4, 8), (0.2, 0.8), 1.15, 312.0, 2.039),
    LocalModel("H100", "H100 SXM", "datacenter", 0.45, (8,), (1.0,), 2.10, 989.0, 3.35),
)
MODEL_NAMES = tuple(m.name for m in MODELS)

# region, UTC offset (hours), countries with weights, share of consumer nodes, share of data-centre nodes
REGIONS: tuple[tuple[str, float, tuple[tuple[str, float], ...], float, float], ...] = (
    ("us-east", -5, (("US", 1.0),), 0.15, 0.22),
    ("us-central", -6, (("US", 0.85), ("MX", 0.15)), 0.06, 0.08),
    ("us-west", -8, (("US", 0.8), ("CA", 0.2)), 0.10, 0.12),
    ("eu-west", 1, (("NL", 0.35), ("FR", 0.35), ("IE", 0.15), ("BE", 0.15)), 0.11, 0.15),
    ("eu-central", 1, (("DE", 0.5), ("PL", 0.2), ("CZ", 0.1), ("CH", 0.1), ("RO", 0.1)), 0.14, 0.13),
    ("eu-north", 1, (("SE", 0.4), ("FI", 0.3), ("NO", 0.2), ("IS", 0.1)), 0.04, 0.09),
    ("uk", 0, (("GB", 1.0),), 0.05, 0.04),
    ("ap-southeast", 8, (("SG", 0.3), ("VN", 0.25), ("TH", 0.15), ("ID", 0.15), ("MY", 0.15)), 0.12, 0.07),
    ("ap-northeast", 9, (("JP", 0.6), ("KR", 0.4)), 0.07, 0.06),
    ("ap-south", 5.5, (("IN", 1.0),), 0.07, 0.02),
    ("sa", -3, (("BR", 0.6), ("AR", 0.25), ("CO", 0.15)), 0.09, 0.02),
)
REGION_NAMES = tuple(r[0] for r in REGIONS)
UTC_OFFSET = {r[0]: r[1] for r in REGIONS}

# Data-centre operators (fictional): name, home region, ask policy, markup over the reference price
DATACENTRES: tuple[tuple[str, str, str, float], ...] = (
    ("Atlantic Racks", "us-east", "market", 1.00), ("Potomac GPU", "us-east", "premium", 1.18),
    ("Lone Star Metal", "us-central", "budget", 0.82), ("Pacific Tensor", "us-west", "market", 0.97),
    ("Maple Grid", "us-west", "premium", 1.12), ("Tulip Compute", "eu-west", "market", 1.02),
    ("Seine Cloudworks", "eu-west", "budget", 0.86), ("Rhine Compute", "eu-central", "market", 0.99),
    ("Vistula Cores", "eu-central", "budget", 0.80), ("Nordlys GPU", "eu-north", "premium", 1.08),
    ("Thames Matrix", "uk", "market", 1.04), ("Merlion Hosting", "ap-southeast", "market", 1.01),
    ("Sakura Silicon", "ap-northeast", "premium", 1.15), ("Deccan Datacentre", "ap-south", "budget", 0.84),
    ("Paulista Compute", "sa", "market", 0.95),
)
POLICY_MARKUP = {"budget": 0.85, "market": 1.0, "premium": 1.15}
_WORDS = ("kestrel", "heron", "lynx", "otter", "raven", "marten", "ibis", "finch", "badger", "wren", "puffin", "stoat",
          "egret", "gecko", "marmot", "tern")


@dataclass(frozen=True)
class FleetParams:
    consumer_share: float = 0.72      # of nodes owned by individuals
    cheater_share: float = 0.03       # nodes that skip part of the work they are paid for
    liar_share: float = 0.2           # of data-centre cheaters: claim an H100, run an A100
    joiner_share: float = 0.25        # nodes that register during the simulated span (the rest before it)
    join_after_hours: int = 0         # joiners may also register this long after the span (a live network keeps growing)
    bond: float = 1000.0              # local ledger units bonded at registration (as for agents)


def _pick(rng: np.random.Generator, values: tuple, weights: tuple[float, ...] | np.ndarray, n: int) -> np.ndarray:
    w = np.asarray(weights, dtype=np.float64)
    return np.asarray(values, dtype=object)[rng.choice(len(values), size=n, p=w / w.sum())]


def _block(seed: int, block: int, params: FleetParams) -> dict[str, np.ndarray]:
    """One block of BLOCK nodes, drawn from its own stream."""
    rng = np.random.default_rng([seed, FLEET_STREAM, block])
    n = BLOCK
    consumer = rng.random(n) < params.consumer_share
    region_idx = np.where(consumer, rng.choice(len(REGIONS), n, p=_norm([r[3] for r in REGIONS])),
                          rng.choice(len(REGIONS), n, p=_norm([r[4] for r in REGIONS])))
    model_idx = np.empty(n, dtype=np.int64)
    gpus = np.empty(n, dtype=np.int64)
    for cls, mask in (("consumer", consumer), ("datacenter", ~consumer)):
        idx = [i for i, m in enumerate(MODELS) if m.node_class == cls]
        chosen = rng.choice(idx, size=n, p=_norm([MODELS[i].share for i in idx]))
        model_idx[mask] = chosen[mask]
    for i, m in enumerate(MODELS):
        mask = model_idx == i
        gpus[mask] = rng.choice(m.gpus, size=int(mask.sum()), p=_norm(m.gpu_weights))
    country = np.empty(n, dtype=object)
    for r, (_, _, countries, _, _) in enumerate(REGIONS):
        mask = region_idx == r
        country[mask] = _pick(rng, tuple(c for c, _ in countries), tuple(w for _, w in countries), int(mask.sum()))
    # Individuals own one to three nodes; data-centre nodes belong to a company in their region.
    owner_size = rng.choice([1, 2, 3], size=n, p=[0.7, 0.22, 0.08])
    person = np.zeros(n, dtype=np.int64)
    person[consumer] = np.repeat(np.arange(n), owner_size)[: int(consumer.sum())]
    dc_choice = np.array([rng.choice([j for j, d in enumerate(DATACENTRES) if d[1] == REGIONS[r][0]] or [0]) for r in range(len(REGIONS))])
    datacentre = dc_choice[region_idx]
    spill = rng.random(n) < 0.25  # big operators also run sites outside their home region
    datacentre = np.where(spill, rng.integers(0, len(DATACENTRES), n), datacentre)
    markup_dc = np.array([d[3] for d in DATACENTRES])[datacentre] * rng.lognormal(0.0, 0.04, n)
    markup_person = np.clip(rng.lognormal(0.0, 0.28, n), 0.5, 1.9)
    cheat = rng.random(n) < params.cheater_share
    cheat_f = np.where(cheat, rng.choice([0.05, 0.1, 0.2, 0.4], size=n), 0.0)
    very_flaky = consumer & (rng.random(n) < 0.06)
    interval_days = np.where(consumer, np.where(very_flaky, rng.uniform(4, 10, n), rng.uniform(25, 75, n)), rng.uniform(120, 365, n))
    return {
        "consumer": consumer, "region_idx": region_idx, "model_idx": model_idx, "gpus": gpus, "country": country,
        "person": person, "datacentre": datacentre, "markup": np.where(consumer, markup_person, markup_dc),
        "cheat_f": cheat_f, "liar": cheat & ~consumer & (rng.random(n) < params.liar_share),
        "outage_rate": 1.0 / (24.0 * interval_days), "outage_hours": np.where(consumer, rng.uniform(2.0, 7.0, n), rng.uniform(1.0, 3.0, n)),
        "join_u": rng.random(n), "joiner": rng.random(n) < params.joiner_share, "before_days": rng.uniform(1, 240, n),
        "measure_jitter": rng.uniform(0.78, 0.97, (n, 2)),
    }


def _norm(weights: list[float] | tuple[float, ...]) -> np.ndarray:
    w = np.asarray(weights, dtype=np.float64)
    return w / w.sum()


def make_fleet(seed: int, nodes: int, start_hour: int, hours: int, params: FleetParams | None = None) -> pl.DataFrame:
    """One row per node; `start_hour` and `hours` (epoch hours) place registrations before or inside the span."""
    if nodes < 1:
        raise ValueError(f"a fleet needs at least one node, not {nodes}")
    p = params or FleetParams()
    blocks = [_block(seed, b, p) for b in range(-(-nodes // BLOCK))]
    col = {k: np.concatenate([b[k] for b in blocks])[:nodes] for k in blocks[0]}
    key = np.arange(nodes, dtype=np.int32)
    block_of = key // BLOCK
    consumer = col["consumer"]
    person_id = block_of.astype(np.int64) * BLOCK + col["person"]
    model = np.asarray(MODEL_NAMES, dtype=object)[col["model_idx"]]
    ref = np.array([m.ref_usd for m in MODELS])[col["model_idx"]]
    dc_names = np.asarray([d[0] for d in DATACENTRES], dtype=object)[col["datacentre"]]
    dc_policy = np.asarray([d[2] for d in DATACENTRES], dtype=object)[col["datacentre"]]
    person_name = np.asarray([f"{_WORDS[int(i) % len(_WORDS)]}-{int(i):05d}" for i in person_id], dtype=object)
    joined = np.where(col["joiner"], start_hour + np.floor(col["join_u"] * max(hours + p.join_after_hours - 1, 0)),
                      start_hour - np.ceil(col["before_days"] * 24)).astype(np.int64)
    claim_idx = np.where(col["liar"], MODEL_NAMES.index("H100"), col["model_idx"])
    measured = np.array([[m.tflops, m.tbps] for m in MODELS])[col["model_idx"]] * col["measure_jitter"]
    frame = pl.DataFrame({
        "node_key": key,
        "node_id": [f"ln-{k:06d}" for k in key],
        "operator_id": np.where(consumer, person_name, [_slug(n) for n in dc_names]),
        "operator_name": np.where(consumer, person_name, dc_names),
        "operator_kind": np.where(consumer, "individual", "datacentre"),
        "ask_policy": np.where(consumer, "individual", dc_policy),
        "node_class": np.where(consumer, "consumer", "datacenter"),
        "gpu_model": np.asarray(MODEL_NAMES, dtype=object)[claim_idx],
        "actual_model": model,
        "claim_raw": np.asarray([m.claim for m in MODELS], dtype=object)[claim_idx],
        "gpu_count": col["gpus"].astype(np.int16),
        "region": np.asarray(REGION_NAMES, dtype=object)[col["region_idx"]],
        "country": col["country"],
        "ask_usd": np.round(ref * col["markup"], 3),
        "bond": np.full(nodes, p.bond),
        "joined_hour": joined,
        "cheat_fraction": col["cheat_f"],
        "liar": col["liar"],
        "outage_rate": col["outage_rate"],
        "outage_hours": col["outage_hours"],
        "measured_tflops": np.round(measured[:, 0], 2),
        "measured_tbps": np.round(measured[:, 1], 3),
    }, strict=False)
    specs = {m.name: normalize_gpu(m.claim) for m in MODELS}
    return frame.with_columns(
        pl.col("gpu_model").replace_strict({k: v.vram_gb for k, v in specs.items()}, return_dtype=pl.Float64).alias("vram_gb"),
        pl.col("gpu_model").replace_strict({k: v.interface for k, v in specs.items()}, return_dtype=pl.Utf8).alias("interface"),
        pl.col("gpu_model").replace_strict({k: v.gpu_class for k, v in specs.items()}, return_dtype=pl.Utf8).alias("gpu_class"),
    )


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")


def operators(fleet: pl.DataFrame) -> pl.DataFrame:
    """One row per operator: kind, home country and region (of most of its nodes), ask policy, markup, node count."""
    ref = pl.col("gpu_model").replace_strict({m.name: m.ref_usd for m in MODELS}, return_dtype=pl.Float64)
    return (
        fleet.with_columns((pl.col("ask_usd") / ref).alias("markup"))
        .group_by("operator_id")
        .agg(
            pl.first("operator_name").alias("name"), pl.first("operator_kind").alias("kind"),
            pl.col("country").mode().first().alias("country"), pl.col("region").mode().first().alias("region"),
            pl.first("ask_policy"), pl.col("markup").mean().round(3).alias("ask_markup"), pl.len().cast(pl.Int32).alias("nodes"),
        )
        .sort("operator_id")
    )
