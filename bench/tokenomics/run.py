"""Wall time of the vectorised Monte Carlo token scenarios: 100 and 1000 runs × 260 weekly steps per model."""

from __future__ import annotations

import argparse
import platform
import statistics
import time

import numpy as np
import polars as pl

from computescope.core.tokenomics.models import simulate, summarise_bands
from computescope.core.tokenomics.validation import MODELS

YEARS = 5
STEPS_PER_YEAR = 52
RUN_COUNTS: tuple[int, ...] = (100, 1000)


def time_simulate(model: str, runs: int, repeat: int, seed: int) -> tuple[float, pl.DataFrame]:
    """Median wall time of simulate() over `repeat` calls, with the last frame for a sanity line."""
    times = []
    df = pl.DataFrame()
    for _ in range(repeat):
        t0 = time.perf_counter()
        df = simulate(model, None, YEARS, STEPS_PER_YEAR, runs, seed)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), df


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="calls per case; the median is printed")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    steps = YEARS * STEPS_PER_YEAR
    # One untimed call so first-use costs (imports, Polars thread pool) do not land on the first case.
    simulate(MODELS[0], None, 1, STEPS_PER_YEAR, 10, args.seed)
    print(f"python {platform.python_version()}, numpy {np.__version__}, polars {pl.__version__}")
    print(f"{steps} weekly steps ({YEARS} years), default parameters, median of {args.repeat} calls")
    print(
        f"{'model':<18} {'runs':>6} {'rows':>9} {'ms':>9} {'rows/s':>12} {'ms/run':>8} {'×100':>6} "
        f"{'supply p05 / p50 / p95 at T':>36}"
    )
    for model in MODELS:
        base = None
        for runs in RUN_COUNTS:
            seconds, df = time_simulate(model, runs, args.repeat, args.seed)
            rows = df.height
            ratio = "" if base is None else f"{seconds / base:>6.1f}"
            base = seconds if base is None else base
            last = summarise_bands(df, "supply").row(-1, named=True)
            bands = f"{last['p05']:>11.4g} {last['p50']:>11.4g} {last['p95']:>11.4g}"
            print(
                f"{model:<18} {runs:>6,} {rows:>9,} {seconds * 1e3:>9.1f} {rows / seconds:>12,.0f} "
                f"{seconds * 1e3 / runs:>8.3f} {ratio:>6} {bands:>36}"
            )
    print()
    print("×100 = time at 1000 runs ÷ time at 100 runs; far below 10 means the runs share each numpy step.")


if __name__ == "__main__":
    main()
