"""`computescope quote`: ranked options for one order across every network and cloud (beside a running explorer too)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from rich.console import Console
from rich.table import Table

from computescope.cli.common import EXIT_USAGE, CliError, api_get, db_flag, open_for_reading, settings_from
from computescope.quoting.answer import run_quote
from computescope.quoting.request import FIELDS, QuoteInputError, parse_request

EMPTY = ("the database holds no prices yet: load the bundled snapshot with `computescope ingest run snapshot`"
         " (or start `computescope serve`, which loads it)")


def add_quote_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("quote", help="where to run N GPUs for H hours: ranked options against the clouds")
    for field in FIELDS:
        if field.kind == "flag":
            parser.add_argument(field.flag, dest=field.name, action="store_true", help=field.help)
        else:
            parser.add_argument(field.flag, dest=field.name, required=field.required, help=field.help)
    parser.add_argument("--json", action="store_true", help="print the answer as JSON (the API's shape)")
    db_flag(parser)
    parser.set_defaults(handler=quote_command)


def quote_command(args: argparse.Namespace) -> int:
    try:
        request = parse_request({f.name: getattr(args, f.name) for f in FIELDS})
    except QuoteInputError as exc:
        raise CliError(f"computescope quote: {exc}", EXIT_USAGE) from None
    source = open_for_reading(settings_from(args))
    if isinstance(source, str):
        answer = api_get(source, "/api/v1/quote", request.query())
    else:
        answer = json.loads(json.dumps(run_quote(source, request).to_dict(), default=str))
    if answer["offers_considered"] == 0:
        raise CliError(f"computescope quote: {EMPTY}")
    if args.json:
        print(json.dumps(answer, indent=2))
    else:
        print_answer(answer)
    return 0 if answer["status"] != "unfilled" else 1


def _usd(value: float | None) -> str:
    if value is None:
        return "—"
    return f"-${-value:,.2f}" if value < 0 else f"${value:,.2f}"


def print_answer(answer: dict[str, Any]) -> None:
    req = answer["request"]
    console = Console(width=160)
    where = f" in {', '.join(req['region'])}" if req["region"] else ""
    console.print(f"[bold]{req['count']} × {req['gpu']}[/bold] for {req['hours']:g} h{where}: {answer['status']}")
    table = Table(show_lines=False)
    numeric = ("#", "USD/GPU-h", "USD/h", "total USD", "saves vs hyperscaler")
    for column in ("#", "provider", "offer", "kind", "region", "USD/GPU-h", "USD/h", "total USD", "saves vs hyperscaler", "availability", "source"):
        table.add_column(column, justify="right" if column in numeric else "left")
    for rank, option in enumerate(answer["options"], start=1):
        table.add_row(str(rank), option["provider_name"], option["offer"], option["kind"], option["region"] or "any", f"${option['usd_per_gpu_hour']:.2f}",
                      f"${option['hourly_usd']:,.2f}", f"${option['total_usd']:,.2f}", _usd(option["saving_vs_hyperscaler_usd"]),
                      option["availability"], f"{option['source']} {str(option['observed_at'])[:10]}")
    console.print(table)
    allocation = answer.get("allocation")
    if allocation and allocation.get("fills"):
        parts = " + ".join(f"{f.get('provider_name') or f['provider']} {f['gpus']} GPUs" for f in allocation["fills"])
        console.print(f"chosen (capacity known): {parts} = ${allocation['total_usd']:,.2f} (${allocation['hourly_usd']:,.2f}/h)")
    base = answer["baseline"]
    names = base.get("provider_names", {})
    for label, key in (("cheapest hyperscaler", "hyperscaler"), ("cheapest cloud", "cloud")):
        option = base.get(key)
        console.print(f"{label}: " + (f"{names.get(option['provider'], option['provider'])} ${option['total_usd']:,.2f}" if option else "none fits"))
    others = answer["rejected_counts"].get("model", 0)
    if answer["rejected"] or others:
        console.print(f"rejected ({len(answer['rejected'])} offers of {req['gpu']}; {others} offers of other models not listed):")
        for r in answer["rejected"]:
            console.print(f"  {r['provider_name']} · {r['offer']} · {r['region'] or 'any region'}: {r['text']}", markup=False, highlight=False)
