"""`computescope serve` for the explorer bench.

`--cold` turns the read cache off (every answer computed afresh), so the bench can time the work and not the cache."""

from __future__ import annotations

import sys

from computescope.cli import main as cli_main
from computescope.explorer import app
from computescope.explorer.cache import ReadCache, install


class Cold(ReadCache):
    """Keeps no answer, so every call computes (truthy although empty: install() replaces a falsy cache)."""

    def __bool__(self) -> bool:
        return True


def main(argv: list[str]) -> int:
    if "--cold" in argv:
        app.install_read_cache = lambda server: install(server, Cold(max_entries=0))
        argv = [a for a in argv if a != "--cold"]
    return cli_main(["serve", *argv])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
