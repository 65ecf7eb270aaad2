"""``python -m explorer``: the same as the ``loss-surface-explorer`` command (``--help`` lists its options)."""

from explorer.cli import main

raise SystemExit(main())
