"""`computescope agent`: run this machine as a node of a network that this explorer verifies."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from computescope.agent.node import Agent, AgentConfig, AgentError, Refused
from computescope.cli.common import EXIT_USAGE, CliError
from computescope.core.verification.signing import endorse, load_or_create_key, public_key_hex

MAX_ENDORSEMENT_BYTES = 4096


def add_agent_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    agent = commands.add_parser("agent", help="run this machine as a node: register, heartbeat, answer challenges")
    agent.add_argument("--collector", metavar="URL", help="the explorer that verifies nodes, e.g. http://127.0.0.1:8050")
    agent.add_argument("--key", required=True, metavar="PATH", help="Ed25519 key file (created, mode 0600, if absent)")
    agent.add_argument("--network", default="localnet", help="network the node serves (default localnet)")
    agent.add_argument("--node-id", metavar="ID", help="node id (default node-<first 12 hex of the public key>)")
    agent.add_argument("--operator", metavar="NAME", help="operator name shown in the explorer")
    joined = agent.add_mutually_exclusive_group()
    joined.add_argument("--endorsement", metavar="FILE",
                        help="JSON endorsement from an operator whose key is on the network's allowlist (made with --endorse-only)")
    joined.add_argument("--operator-key", metavar="PATH", help="sign the endorsement here with this operator key file")
    agent.add_argument("--endorse-only", action="store_true",
                       help="with --operator-key: print the endorsement of this node (--key, --node-id, --network) as JSON and stop")
    agent.add_argument("--interval", type=float, default=20.0, metavar="S", help="seconds between heartbeats (default 20)")
    agent.add_argument("--count", type=int, metavar="N", help="stop after N heartbeats (default: run until stopped)")
    agent.add_argument("--once", action="store_const", const=1, dest="count", help="register, answer, one heartbeat, stop")
    agent.add_argument("--cheat-skip", type=float, default=0.0, metavar="F", help="TEST SWITCH: skip fraction F of challenge rows")
    agent.add_argument("--claim-gpu", metavar="NAME", help="TEST SWITCH: claim this GPU and pass the CPU benchmark off as its own")
    agent.set_defaults(handler=agent_command)


def _key(path: str, what: str) -> Any:
    try:
        return load_or_create_key(Path(path).expanduser())
    except (OSError, ValueError) as exc:
        raise CliError(f"computescope agent: cannot use {what} {path}: {exc}") from None


def _read_endorsement(path: str) -> dict[str, str]:
    try:
        with open(Path(path).expanduser(), "rb") as f:
            data = json.loads(f.read(MAX_ENDORSEMENT_BYTES) or b"null")
    except (OSError, ValueError) as exc:
        raise CliError(f"computescope agent: cannot read endorsement {path}: {exc}", EXIT_USAGE) from None
    if not isinstance(data, dict) or set(data) != {"operator_key", "signature"} or not all(isinstance(v, str) for v in data.values()):
        raise CliError(f"computescope agent: endorsement {path} must be a JSON object with operator_key and signature", EXIT_USAGE)
    return data


def endorsement(args: argparse.Namespace) -> dict[str, str] | None:
    """The endorsement to send at registration: read from --endorsement, or signed here with --operator-key."""
    if args.endorsement:
        return _read_endorsement(args.endorsement)
    if not args.operator_key:
        return None
    node_key = public_key_hex(_key(args.key, "key"))
    node_id = args.node_id or f"node-{node_key[:12]}"
    return endorse(_key(args.operator_key, "operator key"), args.network, node_id, node_key)


def agent_command(args: argparse.Namespace) -> int:
    if args.endorse_only:
        if not args.operator_key:
            raise CliError("--endorse-only needs --operator-key", EXIT_USAGE)
        print(json.dumps(endorsement(args)), flush=True)
        return 0
    url = urlparse(args.collector or "")
    if url.scheme not in ("http", "https") or not url.netloc:
        raise CliError(f"--collector must be an http(s) URL, not {args.collector!r}", EXIT_USAGE)
    if args.interval <= 0 or (args.count is not None and args.count < 0) or not 0 <= args.cheat_skip <= 1:
        raise CliError("--interval must be positive, --count not negative, --cheat-skip between 0 and 1", EXIT_USAGE)
    config = AgentConfig(args.collector, Path(args.key).expanduser(), args.network, args.node_id, args.operator, args.interval,
                         args.count, cheat_skip=args.cheat_skip, claim_gpu=args.claim_gpu, endorsement=endorsement(args))
    try:
        return Agent(config, say=lambda line: print(line, flush=True)).run()
    except Refused as exc:
        raise CliError(f"computescope agent: the collector refused: {exc.reason} (HTTP {exc.status})") from None
    except AgentError as exc:
        raise CliError(f"computescope agent: {exc}") from None
