"""The explorer bench's server, optionally without the read cache (`--no-cache`), to measure what caching changes."""

from __future__ import annotations

import sys

from flask import Flask

from computescope.explorer.cache import ReadCache


def _no_cache(server: Flask) -> ReadCache:
    return ReadCache(max_entries=0)


def main(argv: list[str]) -> int:
    from bench.explorer import serve
    from computescope.explorer import app

    if "--no-cache" in argv:
        argv = [a for a in argv if a != "--no-cache"]
        app.install_read_cache = _no_cache  # every request computes its answer, as before the cache existed
    return serve.main(argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
