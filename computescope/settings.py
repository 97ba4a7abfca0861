"""One validated settings object, from CLI flags, COMPUTESCOPE_* environment variables and defaults."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlparse

from computescope.core.catalog.networks import REAL_NETWORKS

ENV_PREFIX = "COMPUTESCOPE_"
DEFAULT_DB = Path("data") / "computescope.duckdb"
REGISTRATION_MODES = ("open", "allowlist")


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class SourceIdentity:
    """What a source is, declared by the source itself: its name, title, default base URL and interval."""

    name: str
    title: str                 # shown on pages beside every figure from this source
    base_url: str              # empty for sources that read no URL
    interval_minutes: int      # 0 = not scheduled (loaded once at start-up, or driven by its own job)


@dataclass(frozen=True)
class SourceSettings:
    name: str
    base_url: str
    interval_minutes: int
    enabled: bool


@dataclass(frozen=True)
class Settings:
    db_path: Path = DEFAULT_DB
    host: str = "127.0.0.1"
    port: int = 8050
    offline: bool = False
    localnet: bool = True
    sources: dict[str, SourceSettings] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)
    registration: str = "open"
    operator_keys: frozenset[str] = frozenset()
    report_window_s: int = 300
    network_operators: dict[str, frozenset[str]] = field(default_factory=dict)  # network -> operator keys that admit nodes

    def source(self, name: str) -> SourceSettings:
        try:
            return self.sources[name]
        except KeyError:
            raise SettingsError(f"unknown source {name!r}; known: {', '.join(sorted(self.sources))}") from None

    def with_base_url(self, name: str, base_url: str) -> Settings:
        checked = _check_url(base_url, f"--base-url for {name}")
        sources = dict(self.sources)
        sources[name] = replace(self.source(name), base_url=checked)
        return replace(self, sources=sources)


def _truthy(name: str, text: str) -> bool:
    value = text.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise SettingsError(f"{name} must be true or false, not {text!r}")


def _check_url(text: str, what: str) -> str:
    parsed = urlparse(text)
    if parsed.scheme not in {"http", "https"} or not parsed.netloc:
        raise SettingsError(f"{what} must be an http(s) URL, not {text!r}")
    return text.rstrip("/")


def _check_port(value: int | str, what: str) -> int:
    try:
        port = int(value)
    except (TypeError, ValueError):
        raise SettingsError(f"{what} must be a whole number, not {value!r}") from None
    if not 1 <= port <= 65535:
        raise SettingsError(f"{what} must be between 1 and 65535, not {port}")
    return port


def load_settings(
    overrides: Mapping[str, object] | None = None,
    environ: Mapping[str, str] | None = None,
    sources: Iterable[SourceIdentity] = (),
) -> Settings:
    """Build settings: CLI overrides win over the environment, which wins over defaults; one entry per given source."""
    identities = {identity.name: identity for identity in sources}
    env = os.environ if environ is None else environ
    given = {k: v for k, v in (overrides or {}).items() if v is not None}

    def pick(key: str, default: object) -> object:
        if key in given:
            return given[key]
        return env.get(ENV_PREFIX + key.upper(), default)

    db_path = Path(str(pick("db", DEFAULT_DB))).expanduser()
    host = str(pick("host", "127.0.0.1")).strip()
    if not host:
        raise SettingsError("host must not be empty")
    port = _check_port(pick("port", 8050), "port")
    offline_raw = pick("offline", False)
    offline = offline_raw if isinstance(offline_raw, bool) else _truthy(ENV_PREFIX + "OFFLINE", str(offline_raw))
    localnet_raw = pick("localnet", True)
    localnet = localnet_raw if isinstance(localnet_raw, bool) else _truthy(ENV_PREFIX + "LOCALNET", str(localnet_raw))

    enabled_text = env.get(ENV_PREFIX + "SOURCES")
    enabled_names = set(identities) if enabled_text is None else {s.strip() for s in enabled_text.split(",") if s.strip()}
    unknown = enabled_names - set(identities)
    if unknown:
        raise SettingsError(f"{ENV_PREFIX}SOURCES names unknown sources: {', '.join(sorted(unknown))}")

    sources: dict[str, SourceSettings] = {}
    for name, spec in identities.items():
        key = ENV_PREFIX + name.upper()
        base_url = env.get(key + "_BASE_URL", spec.base_url)
        if base_url:
            base_url = _check_url(base_url, key + "_BASE_URL")
        interval_text = env.get(key + "_INTERVAL", str(spec.interval_minutes))
        try:
            interval = int(interval_text)
        except ValueError:
            raise SettingsError(f"{key}_INTERVAL must be whole minutes, not {interval_text!r}") from None
        if interval < 0:
            raise SettingsError(f"{key}_INTERVAL must not be negative")
        sources[name] = SourceSettings(name, base_url, interval, name in enabled_names)

    secrets = {k[len(ENV_PREFIX):].lower(): v for k, v in env.items() if k.startswith(ENV_PREFIX) and k.endswith("_TOKEN") and v}
    registration, operator_keys, window = _registration(env)
    return Settings(db_path, host, port, offline, localnet, sources, secrets,
                    registration=registration, operator_keys=operator_keys, report_window_s=window,
                    network_operators=_network_operators(env))


def _hex_keys(text: str, what: str) -> frozenset[str]:
    keys = frozenset(k.strip().lower() for k in text.split(",") if k.strip())
    bad = sorted(k for k in keys if len(k) != 64 or any(c not in "0123456789abcdef" for c in k))
    if bad:
        raise SettingsError(f"{what} must be 64-digit hex Ed25519 public keys; bad: {bad[0][:20]!r}")
    return keys


def _network_operators(env: Mapping[str, str]) -> dict[str, frozenset[str]]:
    """Which operator keys may admit nodes into each real network's figures: `akash=KEY,KEY;ionet=KEY`."""
    name = ENV_PREFIX + "NETWORK_OPERATORS"
    out: dict[str, frozenset[str]] = {}
    for part in (p.strip() for p in env.get(name, "").split(";") if p.strip()):
        network, sep, keys = part.partition("=")
        network = network.strip().lower()
        if not sep or network not in REAL_NETWORKS:
            raise SettingsError(f"{name} must be network=KEY,KEY;… with a network from {', '.join(REAL_NETWORKS)}, not {part[:40]!r}")
        out[network] = out.get(network, frozenset()) | _hex_keys(keys, f"{name} for {network}")
    return out


def _registration(env: Mapping[str, str]) -> tuple[str, frozenset[str], int]:
    """Who may register nodes (open, or only the listed Ed25519 public keys) and the signed-report clock window."""
    mode = env.get(ENV_PREFIX + "REGISTRATION", "open").strip().lower() or "open"
    if mode not in REGISTRATION_MODES:
        raise SettingsError(f"{ENV_PREFIX}REGISTRATION must be open or allowlist, not {mode!r}")
    keys = _hex_keys(env.get(ENV_PREFIX + "OPERATOR_KEYS", ""), ENV_PREFIX + "OPERATOR_KEYS")
    if mode == "allowlist" and not keys:
        raise SettingsError(f"{ENV_PREFIX}REGISTRATION=allowlist needs {ENV_PREFIX}OPERATOR_KEYS (comma-separated public keys)")
    text = env.get(ENV_PREFIX + "REPORT_WINDOW", "300")
    try:
        window = int(text)
    except ValueError:
        raise SettingsError(f"{ENV_PREFIX}REPORT_WINDOW must be whole seconds, not {text!r}") from None
    if not 10 <= window <= 3600:
        raise SettingsError(f"{ENV_PREFIX}REPORT_WINDOW must be between 10 and 3600 seconds, not {window}")
    return mode, keys, window
