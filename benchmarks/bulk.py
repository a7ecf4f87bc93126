"""Throughput of async bulk deletes at bounded concurrency, targets alternating run by run.

Two pool states, measured apart because they differ by up to 2x:

- "fresh": one run on a new client, whose connections open during the run -- what a one-off
  bulk job sees. Each repeat gives every target in turn (order flipping each repeat) a new client.
- "warm": runs on a client that has been busy for longer than httpx's keep-alive expiry. One
  client per target; the targets alternate untimed runs for ``settle_seconds`` first, then timed
  runs, the order flipping each round.

Why the settling. The client is CPU-bound here, and httpcore's
``AsyncConnectionPool._assign_requests_to_connections`` checks every pooled connection (a
``getpeername`` and a ``poll`` per connection) on each request, so a request costs more the larger
the pool. A new client opens about ``concurrency`` connections and keeps up to 20 of them
(``max_keepalive_connections``) until they sit idle for ``keepalive_expiry`` (5 s); then the pool
shrinks to the connections the flow actually uses (about 10 at concurrency 32 here) and each request
gets cheaper. A timed run that straddles that moment measures a mix of the two states, in a
proportion that depends on when the run started: that, more than the client, decided the bulk rows
before. A fresh run of 1,000 deletes ends before the expiry; the warm runs start after it. While
one target runs, the other's connections sit idle for one run (a second or two), well inside the
expiry, so the alternation does not disturb the state it measures.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack

import httpx

from .targets import BulkRun, Item

BulkTargetFactory = Callable[[], AbstractAsyncContextManager[BulkRun]]
MODES = ("fresh", "warm")
#: httpx's default keep-alive expiry, which both targets use, plus a second of margin.
SETTLE_SECONDS = (httpx.Limits().keepalive_expiry or 5.0) + 1.0


async def _timed(run: BulkRun, name: str, items: Sequence[Item]) -> float:
    gc.collect()
    start = time.perf_counter()
    outcomes = await run(items)
    elapsed = time.perf_counter() - start
    if len(outcomes) != len(items):
        raise RuntimeError(f"{name}: {len(outcomes)} outcomes for {len(items)} items")
    return len(items) / elapsed


def median_paired_ratio(ours: Sequence[float], raw: Sequence[float]) -> float:
    """The median over ``i`` of ``ours[i] / raw[i]``: each figure against the one measured next to it.

    The machine here changes speed by up to 2x for a fraction of a second to a few seconds at a time,
    on each core separately, so a run's figure depends on when it ran. Neighbouring runs share more
    of that than distant ones, and the median of their ratios spread less from one ``make bench`` to
    the next than the ratio of the two medians (see docs/project/performance.md).
    Raises ``ValueError`` unless both have the same, non-zero, number of figures.
    """
    if len(ours) != len(raw) or not ours:
        raise ValueError(f"need pairs: {len(ours)} figures against {len(raw)}")
    return statistics.median(o / r for o, r in zip(ours, raw, strict=True))


def _order(names: list[str], round_index: int) -> list[str]:
    return names if round_index % 2 == 0 else list(reversed(names))


async def measure_bulk(
    targets: Mapping[str, BulkTargetFactory],
    items: Sequence[Item],
    *,
    repeats: int,
    warm_repeats: int | None = None,
    settle_seconds: float = SETTLE_SECONDS,
) -> dict[str, dict[str, list[float]]]:
    """Requests per second, ``{mode: {target: [one figure per repeat]}}`` for both :data:`MODES`.

    ``repeats`` fresh runs and ``warm_repeats`` (default: ``repeats``) warm runs per target.

    Figure ``i`` of one target was measured next to figure ``i`` of every other target. The warm
    clients settle with at least one untimed run each, and as many more as ``settle_seconds`` takes.
    Raises ``RuntimeError`` when a target does not return one outcome per item.
    """
    names = list(targets)
    samples: dict[str, dict[str, list[float]]] = {mode: {name: [] for name in names} for mode in MODES}
    for repeat in range(repeats):
        for name in _order(names, repeat):
            async with targets[name]() as run:
                samples["fresh"][name].append(await _timed(run, name, items))
    async with AsyncExitStack() as stack:
        runs = {name: await stack.enter_async_context(targets[name]()) for name in names}
        settle_until = time.monotonic() + settle_seconds
        settle_round = 0
        while settle_round == 0 or time.monotonic() < settle_until:
            for name in _order(names, settle_round):
                await runs[name](items)
            settle_round += 1
        for repeat in range(repeats if warm_repeats is None else warm_repeats):
            for name in _order(names, repeat):
                samples["warm"][name].append(await _timed(runs[name], name, items))
    return samples
