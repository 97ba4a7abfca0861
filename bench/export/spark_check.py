"""Spark reads the Parquet export: the daily per-network rollup of every table from Spark equals DuckDB's (skips without pyspark).

`python -m bench.export.spark_check --out DIR` checks an existing export (`computescope export --out DIR`). Not part of `make test`.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

import duckdb

from computescope.export import BY_NAME, MANIFEST, PARQUET, daily_rollup, parquet_glob


def spark_rollups(out: Path, tables: list[str]) -> dict[str, list[tuple[object, ...]]]:
    from pyspark.sql import SparkSession  # optional: imported only where installed
    from pyspark.sql import functions as F

    spark = (SparkSession.builder.master("local[2]").appName("computescope-export-check")
             .config("spark.ui.showConsoleProgress", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        result = {}
        for name in tables:
            frame = spark.read.option("basePath", str(out / f"table={name}")).parquet(str(out / f"table={name}"))
            rows = (frame.groupBy("network", "date")
                    .agg(F.count(F.lit(1)).alias("rows"), F.round(F.sum(F.col(BY_NAME[name].measure).cast("double")), 4).alias("total"))
                    .orderBy("network", "date").collect())
            result[name] = [(r["network"], r["date"], r["rows"], r["total"]) for r in rows]
        return result
    finally:
        spark.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.export.spark_check", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="the folder `computescope export --out` wrote")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    manifest_path = args.out / MANIFEST
    if not manifest_path.exists():
        print(f"spark check: no export at {args.out} (run `computescope export --out {args.out}` first)")
        return 2
    if importlib.util.find_spec("pyspark") is None:
        print("spark check: skipped, pyspark is not installed (pip install pyspark, with a Java runtime, to run it)")
        return 0
    tables = [name for name, entry in json.loads(manifest_path.read_text())["tables"].items() if entry["rows"] and name in BY_NAME]
    con = duckdb.connect()
    spark = spark_rollups(args.out, tables)
    failed = 0
    for name in tables:
        ours = [tuple(r) for r in daily_rollup(con, BY_NAME[name], PARQUET, parquet_glob(args.out, name)).rows()]
        same = len(ours) == len(spark[name]) and all(
            a[:3] == b[:3] and (a[3] is None and b[3] is None or abs((a[3] or 0) - (b[3] or 0)) <= 1e-3) for a, b in zip(ours, spark[name], strict=True))
        failed += not same
        print(f"  {name:<26} {len(ours):>6} network-days  {'same' if same else 'DIFFERENT'}")
    print(f"spark check: {len(tables) - failed} of {len(tables)} tables give Spark's daily per-network rollup equal to DuckDB's")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
