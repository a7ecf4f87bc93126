"""``python -m benchmarks``: run every benchmark, print the table, write ``reports/bench.json``."""

import sys

from .cli import main

sys.exit(main())
