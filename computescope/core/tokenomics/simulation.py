"""A small cadCAD-style simulation runner, vectorised across Monte Carlo runs."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

Array = npt.NDArray[Any]
State = dict[str, Any]
Params = Mapping[str, Any]
Signals = dict[str, Array]
Policy = Callable[[Params, int, Sequence[State], State, np.random.Generator], Mapping[str, Any]]
StateUpdate = Callable[[Params, int, Sequence[State], State, Signals], tuple[str, Any]]

INDEX_COLUMNS: tuple[str, ...] = ("simulation", "subset", "run", "substep", "timestep")


@dataclass(frozen=True)
class Block:
    """One partial state update block: its policies' signals are summed, then every variable is updated."""

    policies: Mapping[str, Policy] = field(default_factory=dict)
    variables: Mapping[str, StateUpdate] = field(default_factory=dict)
    label: str = ""


@dataclass(frozen=True)
class Model:
    """Initial state, parameters (list values are a sweep) and the ordered partial state update blocks."""

    initial_state: Mapping[str, Any]
    params: Mapping[str, Any]
    blocks: Sequence[Block]


def param_sweep(params: Params) -> list[dict[str, Any]]:
    """Expand list-valued parameters into one parameter dict per subset (lists are zipped, as in cadCAD)."""
    lengths = {len(v) for v in params.values() if isinstance(v, list)}
    if not lengths:
        return [dict(params)]
    if 0 in lengths:
        raise ValueError("a swept parameter has an empty list of values")
    n = max(lengths)
    for name, value in params.items():
        if isinstance(value, list) and len(value) not in (1, n):
            raise ValueError(
                f"swept parameter '{name}' has {len(value)} values; every sweep must have 1 or {n} values"
            )
    subsets = []
    for i in range(n):
        subsets.append(
            {
                name: (value[i if len(value) == n else 0] if isinstance(value, list) else value)
                for name, value in params.items()
            }
        )
    return subsets


def _sum_signals(
    policies: Mapping[str, Policy],
    params: Params,
    substep: int,
    history: Sequence[State],
    state: State,
    rng: np.random.Generator,
) -> Signals:
    signals: Signals = {}
    for policy in policies.values():
        for key, value in policy(params, substep, history, state, rng).items():
            signals[key] = signals[key] + value if key in signals else np.asarray(value)
    return signals


def _initial_arrays(initial_state: Mapping[str, Any], runs: int) -> State:
    state: State = {}
    for name, value in initial_state.items():
        if name in INDEX_COLUMNS:
            raise ValueError(f"state variable '{name}' clashes with an index column")
        arr = np.asarray(value)
        if arr.ndim == 0:
            arr = np.full(runs, arr.item(), dtype=np.result_type(arr, np.float64))
        elif arr.shape != (runs,):
            raise ValueError(f"initial value of '{name}' must be a scalar or have shape ({runs},)")
        state[name] = arr.copy()
    return state


def _run_subset(
    model: Model,
    params: Params,
    timesteps: int,
    runs: int,
    rng: np.random.Generator,
    record_substeps: bool,
    include_initial: bool,
) -> tuple[list[State], list[int], list[int]]:
    state = _initial_arrays(model.initial_state, runs)
    names = list(state)
    history: list[State] = []
    records: list[State] = []
    substeps: list[int] = []
    steps: list[int] = []
    if include_initial:
        records.append(dict(state))
        substeps.append(0)
        steps.append(0)
    for t in range(1, timesteps + 1):
        for s, block in enumerate(model.blocks, start=1):
            view: State = {**state, "timestep": t}
            signals = _sum_signals(block.policies, params, s, history, view, rng)
            updates: State = {}
            for update in block.variables.values():
                name, value = update(params, s, history, view, signals)
                if name not in state:
                    raise KeyError(f"block {s} updates unknown state variable '{name}'")
                updates[name] = np.broadcast_to(np.asarray(value), (runs,)).astype(
                    state[name].dtype, copy=True
                )
            state = {**state, **updates}
            if record_substeps:
                records.append(state)
                substeps.append(s)
                steps.append(t)
        history.append(state)
        if not record_substeps:
            records.append(state)
            substeps.append(len(model.blocks))
            steps.append(t)
    return [{n: r[n] for n in names} for r in records], substeps, steps


def run(
    model: Model,
    *,
    timesteps: int,
    runs: int = 1,
    seed: int = 0,
    simulation: int = 0,
    record_substeps: bool = False,
    include_initial: bool = False,
) -> pl.DataFrame:
    """Run every parameter subset for `runs` Monte Carlo runs at once; one row per run and recorded step.

    State variables are arrays of shape (runs,), so each update is one numpy operation for all runs.
    By default the state at the end of each timestep is recorded (timesteps 1..T); `record_substeps`
    records every block and `include_initial` adds the initial state as timestep 0, substep 0.
    Runs are numbered from 1, subsets and simulations from 0, as in cadCAD.
    """
    if timesteps < 1:
        raise ValueError("timesteps must be at least 1")
    if runs < 1:
        raise ValueError("runs must be at least 1")
    if seed < 0:
        raise ValueError("seed must be a non-negative integer")
    frames = []
    for subset, params in enumerate(param_sweep(model.params)):
        # One stream per (seed, simulation, subset): adding a sweep value never changes the other subsets.
        rng = np.random.default_rng(np.random.SeedSequence([seed, simulation, subset]))
        records, substeps, steps = _run_subset(
            model, params, timesteps, runs, rng, record_substeps, include_initial
        )
        n = len(records)
        columns: dict[str, Any] = {
            "simulation": np.full(n * runs, simulation, dtype=np.int32),
            "subset": np.full(n * runs, subset, dtype=np.int32),
            "run": np.repeat(np.arange(1, runs + 1, dtype=np.int32), n),
            "substep": np.tile(np.asarray(substeps, dtype=np.int32), runs),
            "timestep": np.tile(np.asarray(steps, dtype=np.int32), runs),
        }
        for name in records[0]:
            columns[name] = np.stack([r[name] for r in records]).T.reshape(-1)
        frames.append(pl.DataFrame(columns))
    return pl.concat(frames, how="vertical")
