"""`computescope export`: every history table and rollup as Hive-partitioned Parquet, incremental, with a manifest."""

from __future__ import annotations

import argparse
from pathlib import Path

from computescope.cli.common import CliError, db_flag, settings_from
from computescope.db import Database
from computescope.export import MANIFEST, ExportError, export


def add_export_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("export", help="write history as Parquet partitioned table=/network=/date= (incremental)")
    parser.add_argument("--out", required=True, metavar="DIR", help="folder of the export; a second run writes only new dates")
    db_flag(parser)
    parser.set_defaults(handler=export_command)


def export_command(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    db = Database(settings.db_path)
    out = Path(args.out)
    try:
        manifest = export(db, out)
    except ExportError as exc:
        raise CliError(f"computescope export: {exc}") from None
    finally:
        db.close()
    tables = manifest["tables"]
    total = sum(t["rows"] for t in tables.values())
    written = sum(t["written_rows"] for t in tables.values())
    print(f"export: {len(tables)} tables, {total:,} rows in {out} ({written:,} written this run); manifest {out / MANIFEST}")
    return 0
