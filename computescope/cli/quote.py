"""`computescope quote`: ranked options for one order across every network and cloud."""

from __future__ import annotations

import argparse
import json
from typing import Any

from rich.console import Console
from rich.table import Table

from computescope.cli.common import EXIT_USAGE, CliError, settings_from
from computescope.db import Database
from computescope.quoting import QuoteInputError, parse_request, run_quote

QUOTE_FLAGS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("--gpu", {"required": True, "help": "GPU model, e.g. H100, A100, L40S, RTX 4090"}),
    ("--count", {"required": True, "help": "GPUs in total"}),
    ("--hours", {"required": True, "help": "lease length in hours"}),
    ("--per-node", {"dest": "per_node", "help": "GPUs that must share one node (default: all of them, or 8 with --split)"}),
    ("--vram", {"help": "minimum GPU memory in GB"}),
    ("--region", {"help": "comma-separated regions or prefixes: us-east,eu-west or us"}),
    ("--max-price", {"dest": "max_price", "help": "highest USD per GPU-hour"}),
    ("--min-uptime", {"dest": "min_uptime", "help": "lowest 30-day uptime, 0..1"}),
    ("--lambda", {"dest": "lam", "help": "reputation weight λ (0 = lowest price wins)"}),
)


def add_quote_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("quote", help="where to run N GPUs for H hours: ranked options against the clouds")
    for flag, options in QUOTE_FLAGS:
        parser.add_argument(flag, **options)
    parser.add_argument("--split", action="store_true", help="allow the GPUs to be split across providers")
    parser.add_argument("--json", action="store_true", help="print the answer as JSON (the API's shape)")
    parser.add_argument("--db", metavar="PATH", help="DuckDB file (default ./data/computescope.duckdb)")
    parser.set_defaults(handler=quote_command)


def quote_command(args: argparse.Namespace) -> int:
    params = {k: getattr(args, k) for k in ("gpu", "count", "hours", "per_node", "vram", "region", "max_price", "min_uptime", "split")}
    params["lambda"] = args.lam
    try:
        request = parse_request(params)
    except QuoteInputError as exc:
        raise CliError(f"computescope quote: {exc}", EXIT_USAGE) from None
    answer = run_quote(Database(settings_from(args).db_path), request)
    if args.json:
        print(json.dumps(answer, default=str, indent=2))
    else:
        print_answer(answer)
    return 0 if answer["status"] != "unfilled" else 1


def _usd(value: float | None) -> str:
    if value is None:
        return "—"
    return f"-${-value:,.2f}" if value < 0 else f"${value:,.2f}"


def print_answer(answer: dict[str, Any]) -> None:
    req = answer["request"]
    console = Console(width=140)
    where = f" in {', '.join(req['regions'])}" if req["regions"] else ""
    console.print(f"[bold]{req['count']} × {req['gpu']}[/bold] for {req['hours']:g} h{where}: {answer['status']}")
    table = Table(show_lines=False)
    for column in ("#", "provider", "kind", "region", "USD/GPU-h", "USD/h", "total USD", "saves vs hyperscaler", "source"):
        table.add_column(column, justify="right" if column in ("#", "USD/GPU-h", "USD/h", "total USD", "saves vs hyperscaler") else "left")
    for rank, option in enumerate(answer["options"], start=1):
        saving = option["saving_vs_hyperscaler_usd"]
        table.add_row(str(rank), option["provider"], option["provider_kind"], option["region"], f"${option['usd_per_gpu_hour']:.2f}",
                      f"${option['hourly_usd']:,.2f}", f"${option['total_usd']:,.2f}", _usd(saving),
                      f"{option['source']} {str(option['observed_at'])[:10]}")
    console.print(table)
    allocation = answer.get("allocation")
    if allocation and allocation.get("fills"):
        parts = " + ".join(f"{f['provider']} {f['gpus']} GPUs" for f in allocation["fills"])
        console.print(f"chosen: {parts} = ${allocation['total_usd']:,.2f} (${allocation['hourly_usd']:,.2f}/h)")
    base = answer["baseline"]
    for label, key in (("cheapest hyperscaler", "hyperscaler"), ("cheapest cloud", "cloud")):
        option = base.get(key)
        console.print(f"{label}: " + (f"{option['provider']} ${option['total_usd']:,.2f}" if option else "none fits"))
    if answer["rejected"]:
        console.print("rejected: " + ", ".join(f"{reason} {count}" for reason, count in answer["rejected"].items()))
