"""``python -m app``: the headless command line."""

import sys

from app.cli import main

sys.exit(main())
