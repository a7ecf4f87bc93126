"""Billing the cyclic garbage collector's time to the target whose calls made the garbage.

CPython's collector runs inside whichever allocation crosses its threshold, so its time lands in
some call. Two things decide whether a per-call figure bills it to the side that made the garbage:

- *where* collections land: the per-call rows alternate blocks of calls (`per_call`), so a
  collection is triggered by the allocations of the block it runs in, not by the neighbouring
  call of the other side. Call by call, the two sides' counters interlock: in a scratch run of
  16,000 deletes per side, every generation-1 collection landed in the client's calls (0.0076 per
  call, raw httpx 0), where each side alone has 0.0040 and 0.0034; in blocks of 50 calls, 0.0043
  and 0.0031;
- *whether the figure includes them*: a full collection runs in about 3% of raw httpx's list calls
  (and ran in 7% of the client's before its readers made fewer containers), so a plain median of
  call times never contains one. `CollectorMeter`
  (a ``gc.callbacks`` hook) times every collection and bills it to the call it ran in, and a
  target's figure (`figure`) is the median of its calls' time outside the collector plus the
  mean time per call inside it: robust to a noisy moment, and every collection paid in full.

Nothing here switches the collector off or changes its thresholds.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: CPython's collector generations: 0 (youngest) to 2 (a full collection).
GENERATIONS = 3


@dataclass
class CallSamples:
    """One target's calls: the duration of each, the collector's time inside each (ns), and how many
    collections of each generation ran inside them."""

    call_ns: list[int] = field(default_factory=list)
    collector_ns: list[int] = field(default_factory=list)
    collections: list[int] = field(default_factory=lambda: [0] * GENERATIONS)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (the worker's output)."""
        return {"call_ns": self.call_ns, "collector_ns": self.collector_ns, "collections": self.collections}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CallSamples:
        """The inverse of `as_dict`."""
        return cls(list(data["call_ns"]), list(data["collector_ns"]), list(data["collections"]))


class CollectorMeter:
    """A ``gc.callbacks`` hook: bills each collection's time to the target whose call is running.

    `begin` before a timed call names its target; `end` after it returns the collector's time
    inside that call (ns). A collection that runs between calls is billed to no target and counted
    in `unbilled`, per generation.
    """

    def __init__(self, samples: Mapping[str, CallSamples], clock: Callable[[], int] = time.perf_counter_ns):
        self._samples = samples
        self._clock = clock
        self._current: CallSamples | None = None
        self._started = 0
        self._inside = 0
        self.unbilled = [0] * GENERATIONS

    def __call__(self, phase: str, info: Mapping[str, int]) -> None:
        """The callback: ``phase`` is ``"start"`` or ``"stop"``; ``info["generation"]`` is 0-2."""
        if phase == "start":
            self._started = self._clock()
            return
        elapsed = self._clock() - self._started
        generation = info["generation"]
        if self._current is None:
            self.unbilled[generation] += 1
            return
        self._current.collections[generation] += 1
        self._inside += elapsed

    def begin(self, name: str) -> None:
        """A call of target ``name`` starts: collections from now on are billed to it."""
        self._current = self._samples[name]
        self._inside = 0

    def end(self) -> int:
        """The call ended: the collector's time inside it (ns); later collections are unbilled."""
        self._current = None
        return self._inside


@dataclass(frozen=True)
class Figure:
    """One target's per-call figure in one process (ns), and what the collector took of it.

    ``outside_ns``: the median over calls of (call time - collector time inside the call);
    ``collector_ns``: the collector's total time inside the calls, divided by the number of calls.
    """

    outside_ns: float
    collector_ns: float
    calls: int
    collections: tuple[int, ...]

    @property
    def per_call_ns(self) -> float:
        """The figure: the median time outside the collector plus the mean time inside it."""
        return self.outside_ns + self.collector_ns

    @property
    def gc_share(self) -> float:
        """The collector's share of `per_call_ns` (0-1)."""
        return self.collector_ns / self.per_call_ns if self.per_call_ns else 0.0

    @property
    def collections_per_call(self) -> tuple[float, ...]:
        """Collections of each generation per call."""
        return tuple(count / self.calls for count in self.collections)


def figure(samples: CallSamples) -> Figure:
    """`Figure` of one target's samples. Raises ``ValueError`` without calls, or when the two lists
    differ in length."""
    calls = len(samples.call_ns)
    if calls == 0 or len(samples.collector_ns) != calls:
        raise ValueError(f"need one collector time per call: {len(samples.collector_ns)} for {calls} calls")
    outside = statistics.median(c - g for c, g in zip(samples.call_ns, samples.collector_ns, strict=True))
    return Figure(outside, sum(samples.collector_ns) / calls, calls, tuple(samples.collections))
