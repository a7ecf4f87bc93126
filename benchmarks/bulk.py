"""Throughput of async bulk deletes at bounded concurrency, targets interleaved run by run.

Each repeat deletes the same items with every target in turn (order flipping each repeat) and
records requests per second. A small untimed warm-up run per target opens the connection pool.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Mapping, Sequence

from .targets import BulkRun, Item


async def measure_bulk(
    targets: Mapping[str, BulkRun], items: Sequence[Item], *, repeats: int, warmup_items: int = 64
) -> dict[str, list[float]]:
    """Requests per second of each target over ``items``, ``repeats`` runs each.

    Raises ``RuntimeError`` when a target does not return one outcome per item.
    """
    names = list(targets)
    for name in names:
        await targets[name](items[:warmup_items])
    samples: dict[str, list[float]] = {name: [] for name in names}
    for repeat in range(repeats):
        order = names if repeat % 2 == 0 else list(reversed(names))
        for name in order:
            gc.collect()
            start = time.perf_counter()
            outcomes = await targets[name](items)
            elapsed = time.perf_counter() - start
            if len(outcomes) != len(items):
                raise RuntimeError(f"{name}: {len(outcomes)} outcomes for {len(items)} items")
            samples[name].append(len(items) / elapsed)
    return samples
