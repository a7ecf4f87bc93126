"""Throughput of async bulk deletes at bounded concurrency, targets interleaved run by run.

Each repeat gives every target in turn (order flipping each repeat) a new client and times two
back-to-back bulk runs on it:

- "fresh": the first run, on a new client whose connections open during the run -- what a
  one-off bulk job sees, and also what a client sees after its pool sat idle past httpx's 5 s
  keep-alive expiry;
- "reused": the second run, right after, on the now warm connections.

The two differ a lot, so they are kept apart instead of mixed into one median. The client is
CPU-bound here, and httpcore's ``AsyncConnectionPool._assign_requests_to_connections`` scans every
pooled connection (``has_expired``, ``is_idle``) on each request, so its cost grows with the pool.
A new client opens about ``concurrency`` connections and keeps those it does not need until they
hit the keep-alive expiry; afterwards the pool is smaller and each request cheaper. How many it
keeps meanwhile depends on ``httpx.Limits(max_keepalive_connections=...)``.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager

from .targets import BulkRun, Item

BulkTargetFactory = Callable[[], AbstractAsyncContextManager[BulkRun]]
MODES = ("fresh", "reused")


async def _timed(run: BulkRun, name: str, items: Sequence[Item]) -> float:
    gc.collect()
    start = time.perf_counter()
    outcomes = await run(items)
    elapsed = time.perf_counter() - start
    if len(outcomes) != len(items):
        raise RuntimeError(f"{name}: {len(outcomes)} outcomes for {len(items)} items")
    return len(items) / elapsed


async def measure_bulk(
    targets: Mapping[str, BulkTargetFactory], items: Sequence[Item], *, repeats: int
) -> dict[str, dict[str, list[float]]]:
    """Requests per second, ``{mode: {target: [one figure per repeat]}}`` for both :data:`MODES`.

    Raises ``RuntimeError`` when a target does not return one outcome per item.
    """
    names = list(targets)
    samples: dict[str, dict[str, list[float]]] = {mode: {name: [] for name in names} for mode in MODES}
    for repeat in range(repeats):
        order = names if repeat % 2 == 0 else list(reversed(names))
        for name in order:
            async with targets[name]() as run:
                for mode in MODES:
                    samples[mode][name].append(await _timed(run, name, items))
    return samples
