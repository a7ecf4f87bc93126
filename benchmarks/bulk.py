"""Throughput of async bulk deletes at bounded concurrency, targets alternating run by run.

The client is CPU-bound here, and httpcore checks every idle pooled connection on every request, so
a request costs more the larger the pool. With httpx's defaults the pool's size wanders (new clients
hold about 20 connections, busy ones shrink to about 10 as idle ones expire after 5 s, bursts grow
it again) at moments that differ between the sides. The figures are on the performance page
(docs/project/performance.md, "Measuring bulk throughput here").

So each measurement holds the pool in one state, the same for both sides:

- :func:`measure_fresh`: one run per new client (httpx's defaults untouched): connections open
  during the run, which ends before any can expire. What a one-off bulk job sees.
- :func:`measure_warm`: runs on one long-lived client per side whose pool is pinned
  (`targets.PoolPin`): idle connections never expire, and the pool may be capped. Pinned at httpx's
  own limits it stays at 20 connections; capped at 10 it holds the lean pool a long busy job ends
  up with.

The machine's speed also changes, per core, for a fraction of a second to a few seconds at a time:
runs are short and many, the sides alternate run by run (the order flipping each round), and each
row's ratio is `median_paired_ratio`.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack

from .targets import BulkRun, Item, PoolPin

#: The pinned warm pools measured (`targets.PoolPin`): mode -> (row name, pin).
WARM_POOLS: dict[str, tuple[str, PoolPin]] = {
    "warm": ("warm pool of 20", PoolPin()),
    "lean": ("warm pool of 10", PoolPin(max_connections=10)),
}
#: Every pool state measured: "fresh" (a new client per run, httpx's defaults) and the pinned pools.
MODES = ("fresh", *WARM_POOLS)
#: The row name of each pool state.
POOL_NAMES = {"fresh": "new client", **{mode: name for mode, (name, _) in WARM_POOLS.items()}}

BulkTargetFactory = Callable[[], AbstractAsyncContextManager[BulkRun]]
#: The targets' factories for a pool pin (None: httpx's defaults).
PinnedFactories = Callable[[PoolPin | None], Mapping[str, BulkTargetFactory]]


async def _timed(run: BulkRun, name: str, items: Sequence[Item]) -> float:
    gc.collect()
    start = time.perf_counter()
    outcomes = await run(items)
    elapsed = time.perf_counter() - start
    if len(outcomes) != len(items):
        raise RuntimeError(f"{name}: {len(outcomes)} outcomes for {len(items)} items")
    return len(items) / elapsed


def _order(names: list[str], round_index: int) -> list[str]:
    return names if round_index % 2 == 0 else list(reversed(names))


async def measure_fresh(
    targets: Mapping[str, BulkTargetFactory], items: Sequence[Item], *, repeats: int
) -> dict[str, list[float]]:
    """Requests per second, ``{target: [one per repeat]}``: each run on a new client.

    Raises ``RuntimeError`` when a target does not return one outcome per item.
    """
    names = list(targets)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for repeat in range(repeats):
        for name in _order(names, repeat):
            async with targets[name]() as run:
                samples[name].append(await _timed(run, name, items))
    return samples


async def measure_warm(
    targets: Mapping[str, BulkTargetFactory], items: Sequence[Item], *, repeats: int
) -> dict[str, list[float]]:
    """Requests per second, ``{target: [one per repeat]}``: one client per target, used throughout.

    Each client first makes one untimed run (its connections open), then the timed runs alternate.
    Raises ``RuntimeError`` when a target does not return one outcome per item.
    """
    names = list(targets)
    samples: dict[str, list[float]] = {name: [] for name in names}
    async with AsyncExitStack() as stack:
        runs = {name: await stack.enter_async_context(targets[name]()) for name in names}
        for name in names:
            await runs[name](items)
        for repeat in range(repeats):
            for name in _order(names, repeat):
                samples[name].append(await _timed(runs[name], name, items))
    return samples


async def measure_mode(
    mode: str, factories: PinnedFactories, items: Sequence[Item], *, repeats: int
) -> dict[str, list[float]]:
    """One pool state's protocol: `measure_fresh` for "fresh", else `measure_warm` on the pool of
    ``WARM_POOLS[mode]``. Raises ``ValueError`` for a mode not in `MODES`."""
    if mode == "fresh":
        return await measure_fresh(factories(None), items, repeats=repeats)
    if mode not in WARM_POOLS:
        raise ValueError(f"unknown mode {mode!r}: one of {', '.join(MODES)}")
    return await measure_warm(factories(WARM_POOLS[mode][1]), items, repeats=repeats)


def median_paired_ratio(ours: Sequence[float], raw: Sequence[float]) -> float:
    """The median over ``i`` of ``ours[i] / raw[i]``: each figure against the one measured next to it.

    Neighbouring runs share more of the machine's changes of speed than distant ones, and the median
    of their ratios spread less from one ``make bench`` to the next than the ratio of the two medians
    (see docs/project/performance.md). Raises ``ValueError`` unless both have the same, non-zero,
    number of figures.
    """
    if len(ours) != len(raw) or not ours:
        raise ValueError(f"need pairs: {len(ours)} figures against {len(raw)}")
    return statistics.median(o / r for o, r in zip(ours, raw, strict=True))
