"""``python -m dashboard``: the command-line interface (see :mod:`dashboard.cli`)."""

from .cli import main

raise SystemExit(main())
