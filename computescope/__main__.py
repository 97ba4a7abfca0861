"""Entry point for `python -m computescope`."""

from computescope.cli import main

raise SystemExit(main())
