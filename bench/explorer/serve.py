"""`computescope serve` with every page the explorer bench measures: the operator page and the local-network events panel.

`--cold` turns the read cache off (every answer computed afresh), so the bench can time the work and not the cache."""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    from computescope.explorer import app

    # Until the app lists them itself, add the operator page (before the 404 page) and the events panel's callback.
    if "operator" not in app.PAGE_MODULES:
        app.PAGE_MODULES = (*app.PAGE_MODULES[:-1], "operator", app.PAGE_MODULES[-1])
    import computescope.explorer.components.events  # noqa: F401 - registers the panel's refresh callback
    from computescope.cli import main as cli_main

    if "--cold" in argv:
        from computescope.explorer.cache import ReadCache, install

        class Cold(ReadCache):
            """Keeps no answer, so every call computes (truthy although empty: install() replaces a falsy cache)."""

            def __bool__(self) -> bool:
                return True

        app.install_read_cache = lambda server: install(server, Cold(max_entries=0))
        argv = [a for a in argv if a != "--cold"]
    return cli_main(["serve", *argv])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
