"""`computescope worker`: the writer of a split deployment (scheduler, ingest, local network, spooled node writes, snapshots)."""

from __future__ import annotations

import argparse

from computescope.cli.common import EXIT_USAGE, CliError, db_flag, settings_from
from computescope.deploy.worker import WorkerOptions, run_worker


def add_worker_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("worker", help="own the database and publish read snapshots for `computescope web`")
    db_flag(parser)
    parser.add_argument("--publish-every", dest="publish_every", type=float, default=10.0, metavar="S",
                        help="seconds between snapshots at most, each only after the data moved (default 10)")
    parser.add_argument("--no-localnet", dest="localnet", action="store_const", const=False, help="do not run the local network")
    parser.add_argument("--offline", action="store_const", const=True, help="do not schedule jobs that reach the internet")
    parser.set_defaults(handler=worker_command)


def worker_command(args: argparse.Namespace) -> int:
    if not 0.1 <= args.publish_every <= 86_400:
        raise CliError("computescope worker: --publish-every must be from 0.1 to 86400 seconds", EXIT_USAGE)
    return run_worker(settings_from(args), WorkerOptions(publish_every_s=args.publish_every))
