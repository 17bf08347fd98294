"""``python -m qikan``: the ``qikan`` command line (Prefect is imported only by the commands that run flows)."""

import sys

from flows.cli import main

if __name__ == "__main__":
    sys.exit(main())
