"""Run every benchmark in turn and print its figures (`make bench`); benchmarks never assert timings."""

from __future__ import annotations

import importlib
import sys
import time

SUITES = ("matching", "tokenomics", "verification", "intake", "explorer")


def main(argv: list[str]) -> int:
    chosen = argv or list(SUITES)
    for name in chosen:
        if name not in SUITES:
            print(f"unknown benchmark {name!r}; known: {', '.join(SUITES)}", file=sys.stderr)
            return 2
    for name in chosen:
        print(f"\n=== bench/{name} ===", flush=True)
        started = time.perf_counter()
        sys.argv = [f"bench.{name}.run"]  # each suite parses its own arguments: give it none
        importlib.import_module(f"bench.{name}.run").main()
        print(f"(bench/{name} took {time.perf_counter() - started:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
