"""`computescope serve` with every page the explorer bench measures: the operator page and the local-network events panel."""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    from computescope.explorer import app

    # Until the app lists them itself, add the operator page (before the 404 page) and the events panel's callback.
    if "operator" not in app.PAGE_MODULES:
        app.PAGE_MODULES = (*app.PAGE_MODULES[:-1], "operator", app.PAGE_MODULES[-1])
    import computescope.explorer.components.events  # noqa: F401 - registers the panel's refresh callback
    from computescope.cli import main as cli_main

    return cli_main(["serve", *argv])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
