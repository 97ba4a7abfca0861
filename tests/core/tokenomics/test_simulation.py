"""The cadCAD-style runner: sweeps, summed signals, seeding, vectorised runs and output shape."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import polars as pl
import pytest

from computescope.core.tokenomics.simulation import Block, Model, Params, Signals, State, param_sweep, run


def _walk_model(params: dict[str, Any]) -> Model:
    def shock(p: Params, s: int, h: Sequence[State], st: State, rng: np.random.Generator) -> Signals:
        return {"dx": p["scale"] * rng.standard_normal(st["x"].shape[0])}

    def step(p: Params, s: int, h: Sequence[State], st: State, sig: Signals) -> tuple[str, Any]:
        return "x", st["x"] + sig["dx"]

    return Model({"x": 0.0}, params, [Block({"shock": shock}, {"x": step})])


def test_output_has_one_row_per_run_and_timestep() -> None:
    df = run(_walk_model({"scale": 1.0}), timesteps=7, runs=5, seed=3)
    assert df.columns == ["simulation", "subset", "run", "substep", "timestep", "x"]
    assert df.height == 5 * 7
    assert sorted(df["run"].unique().to_list()) == [1, 2, 3, 4, 5]
    assert sorted(df["timestep"].unique().to_list()) == list(range(1, 8))
    assert df["substep"].unique().to_list() == [1]
    assert df["subset"].unique().to_list() == [0]
    assert df["simulation"].unique().to_list() == [0]


def test_same_seed_is_byte_stable_and_other_seeds_differ() -> None:
    a = run(_walk_model({"scale": 1.0}), timesteps=20, runs=50, seed=42)
    b = run(_walk_model({"scale": 1.0}), timesteps=20, runs=50, seed=42)
    c = run(_walk_model({"scale": 1.0}), timesteps=20, runs=50, seed=43)
    assert a.write_csv().encode() == b.write_csv().encode()
    assert not a.equals(c)


def test_monte_carlo_runs_differ_from_each_other() -> None:
    df = run(_walk_model({"scale": 1.0}), timesteps=10, runs=20, seed=0)
    last = df.filter(pl.col("timestep") == 10)["x"]
    assert last.n_unique() == 20


def test_sweep_gives_one_subset_per_value() -> None:
    df = run(_walk_model({"scale": [0.0, 1.0, 2.0]}), timesteps=4, runs=3, seed=1)
    assert df.height == 3 * 3 * 4
    assert sorted(df["subset"].unique().to_list()) == [0, 1, 2]
    assert df.filter(pl.col("subset") == 0)["x"].to_list() == [0.0] * 12
    spread = [df.filter(pl.col("subset") == s)["x"].abs().sum() for s in (1, 2)]
    assert 0.0 < spread[0] < spread[1]


def test_param_sweep_zips_lists_and_broadcasts_scalars() -> None:
    assert param_sweep({"a": [1, 2], "b": 3, "c": ["x"]}) == [
        {"a": 1, "b": 3, "c": "x"},
        {"a": 2, "b": 3, "c": "x"},
    ]
    assert param_sweep({"a": 1, "s": (1, 2)}) == [{"a": 1, "s": (1, 2)}]
    with pytest.raises(ValueError, match="'a' has 2 values"):
        param_sweep({"a": [1, 2], "b": [1, 2, 3]})


def test_policy_signals_are_summed() -> None:
    def one(p: Params, s: int, h: Sequence[State], st: State, rng: np.random.Generator) -> Signals:
        return {"inc": np.ones(st["x"].shape[0])}

    def two(p: Params, s: int, h: Sequence[State], st: State, rng: np.random.Generator) -> Signals:
        return {"inc": 2.0, "other": 10.0}

    def add(p: Params, s: int, h: Sequence[State], st: State, sig: Signals) -> tuple[str, Any]:
        return "x", st["x"] + sig["inc"]

    model = Model({"x": 0.0}, {}, [Block({"one": one, "two": two}, {"x": add})])
    df = run(model, timesteps=4, runs=2)
    assert df.filter(pl.col("run") == 1)["x"].to_list() == [3.0, 6.0, 9.0, 12.0]


def test_updates_in_a_block_read_the_state_before_the_block() -> None:
    def inc(p: Params, s: int, h: Sequence[State], st: State, sig: Signals) -> tuple[str, Any]:
        return "a", st["a"] + 1.0

    def copy(p: Params, s: int, h: Sequence[State], st: State, sig: Signals) -> tuple[str, Any]:
        return "b", st["a"]

    same = Model({"a": 0.0, "b": 0.0}, {}, [Block({}, {"a": inc, "b": copy})])
    later = Model({"a": 0.0, "b": 0.0}, {}, [Block({}, {"a": inc}), Block({}, {"b": copy})])
    assert run(same, timesteps=3)["b"].to_list() == [0.0, 1.0, 2.0]
    assert run(later, timesteps=3)["b"].to_list() == [1.0, 2.0, 3.0]


def test_substeps_history_and_initial_state() -> None:
    seen: list[tuple[int, int, int]] = []

    def watch(p: Params, s: int, h: Sequence[State], st: State, rng: np.random.Generator) -> Signals:
        seen.append((st["timestep"], s, len(h)))
        assert st["x"].shape == (4,)
        return {}

    def inc(p: Params, s: int, h: Sequence[State], st: State, sig: Signals) -> tuple[str, Any]:
        return "x", st["x"] + 1.0

    model = Model({"x": 0.0}, {}, [Block({"w": watch}, {"x": inc}), Block({"w": watch}, {"x": inc})])
    df = run(model, timesteps=2, runs=4, record_substeps=True, include_initial=True)
    assert df.height == 4 * (1 + 2 * 2)
    first = df.filter(pl.col("run") == 1)
    assert first.select("timestep", "substep", "x").rows() == [
        (0, 0, 0.0),
        (1, 1, 1.0),
        (1, 2, 2.0),
        (2, 1, 3.0),
        (2, 2, 4.0),
    ]
    assert seen == [(1, 1, 0), (1, 2, 0), (2, 1, 1), (2, 2, 1)]


def test_runner_rejects_bad_arguments() -> None:
    model = _walk_model({"scale": 1.0})
    with pytest.raises(ValueError, match="timesteps"):
        run(model, timesteps=0)
    with pytest.raises(ValueError, match="runs"):
        run(model, timesteps=1, runs=0)
    with pytest.raises(ValueError, match="seed"):
        run(model, timesteps=1, seed=-1)
    with pytest.raises(ValueError, match="clashes"):
        run(Model({"run": 0.0}, {}, []), timesteps=1)
