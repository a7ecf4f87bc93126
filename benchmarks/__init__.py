"""Side-by-side benchmarks of ``cerebras_management`` against raw httpx (``python -m benchmarks``).

Modules, one job each:

- :mod:`benchmarks.server` -- a fixed-response keep-alive HTTP/1.1 server run in its own process;
- :mod:`benchmarks.targets` -- the "ours" and "raw httpx" clients being compared;
- :mod:`benchmarks.import_time` -- ``import X`` cost in fresh interpreters;
- :mod:`benchmarks.per_call` -- time per synchronous call, targets alternating in blocks of calls;
- :mod:`benchmarks.collector` -- billing each garbage collection to the call it ran in (``gc.callbacks``);
- :mod:`benchmarks.allocations` -- the collector's work per call, counted rather than timed;
- :mod:`benchmarks.bulk` -- async bulk-delete throughput at bounded concurrency;
- :mod:`benchmarks.memory` -- peak RSS of one bulk run, each target in its own process;
- :mod:`benchmarks.cli_start` -- ``cerebras-management --version`` against ``python -c "import httpx"``;
- :mod:`benchmarks.machine` -- what the numbers were measured on;
- :mod:`benchmarks.report` -- the budget table and ``reports/bench.json``;
- :mod:`benchmarks.cli` -- the command line that ties them together.
"""
