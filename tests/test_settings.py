"""Settings: defaults, environment, CLI flags, and clear errors for bad values."""

from pathlib import Path

import pytest

from computescope.settings import DEFAULT_DB, SettingsError
from computescope.sources import load_settings


def test_defaults() -> None:
    s = load_settings({}, environ={})
    assert (s.db_path, s.host, s.port, s.offline, s.localnet) == (DEFAULT_DB, "127.0.0.1", 8050, False, True)
    assert s.source("snapshot").enabled


def test_environment_then_flags_win() -> None:
    env = {"COMPUTESCOPE_DB": "/tmp/x.duckdb", "COMPUTESCOPE_PORT": "9000", "COMPUTESCOPE_OFFLINE": "yes", "COMPUTESCOPE_LOCALNET": "0"}
    s = load_settings({}, environ=env)
    assert (s.db_path, s.port, s.offline, s.localnet) == (Path("/tmp/x.duckdb"), 9000, True, False)
    s = load_settings({"port": "9100", "db": "other.duckdb", "localnet": True}, environ=env)
    assert (s.db_path, s.port, s.localnet) == (Path("other.duckdb"), 9100, True)


def test_secrets_come_from_environment_only() -> None:
    s = load_settings({}, environ={"COMPUTESCOPE_IONET_TOKEN": "abc"})
    assert s.secrets == {"ionet_token": "abc"}


@pytest.mark.parametrize(
    ("overrides", "env", "message"),
    [
        ({"port": "http"}, {}, "port must be a whole number"),
        ({"port": 70000}, {}, "between 1 and 65535"),
        ({}, {"COMPUTESCOPE_OFFLINE": "maybe"}, "COMPUTESCOPE_OFFLINE must be true or false"),
        ({}, {"COMPUTESCOPE_SOURCES": "snapshot,nope"}, "unknown sources: nope"),
        ({}, {"COMPUTESCOPE_SNAPSHOT_INTERVAL": "soon"}, "whole minutes"),
        ({"host": " "}, {}, "host must not be empty"),
    ],
)
def test_bad_values_are_named(overrides: dict, env: dict, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(overrides, environ=env)


def test_base_url_override_is_validated() -> None:
    s = load_settings({}, environ={})
    with pytest.raises(SettingsError, match="http"):
        s.with_base_url("snapshot", "ftp://mirror")
    assert s.with_base_url("snapshot", "http://127.0.0.1:9/x/").source("snapshot").base_url == "http://127.0.0.1:9/x"
    with pytest.raises(SettingsError, match="unknown source"):
        s.source("nope")
