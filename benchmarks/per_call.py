"""Latency of one synchronous delete: every call timed, targets interleaved in rounds.

Each round runs ``calls_per_round`` calls of one target, then of the next; the order of targets
flips every round so neither always runs first. Untimed warm-up calls open the keep-alive
connections and fill any caches before measurement.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Mapping

from .targets import SyncCall


def measure_per_call(
    targets: Mapping[str, SyncCall],
    *,
    rounds: int,
    calls_per_round: int,
    warmup: int = 50,
    setup: Mapping[str, Callable[[], None]] | None = None,
) -> dict[str, list[int]]:
    """Per-call durations in nanoseconds, ``rounds * calls_per_round`` of them for each target.

    ``setup[name]``, when given, runs (untimed) before each batch of calls of that target, e.g. to
    choose the reader with ``CEREBRAS_MANAGEMENT_SPEEDUPS``.
    """
    names = list(targets)
    prepare = dict(setup or {})
    for name in names:
        call = targets[name]
        if name in prepare:
            prepare[name]()
        for _ in range(warmup):
            call()
    samples: dict[str, list[int]] = {name: [] for name in names}
    clock = time.perf_counter_ns
    for round_index in range(rounds):
        order = names if round_index % 2 == 0 else list(reversed(names))
        for name in order:
            call = targets[name]
            out = samples[name]
            if name in prepare:
                prepare[name]()
            gc.collect()
            for _ in range(calls_per_round):
                start = clock()
                call()
                out.append(clock() - start)
    return samples
