"""``python -m banmian …`` runs the ``banmian`` command line (see ``banmian.cli``)."""

from __future__ import annotations

import sys

from banmian.cli import main

if __name__ == "__main__":
    sys.exit(main())
