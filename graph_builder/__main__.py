"""Run the orgkg command line with ``python -m graph_builder``."""

from graph_builder.cli import main

raise SystemExit(main())
