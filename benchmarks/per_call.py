"""Time per synchronous call: every call timed, targets alternating in blocks, in fresh processes.

Each round runs one block of ``calls_per_block`` calls of each target, one target after the other;
the order of targets flips every round so none always runs first. Untimed warm-up calls open the
keep-alive connections and fill any caches before measurement.

Blocks, not single calls: the garbage collector runs inside whichever allocation crosses its
threshold, and its counters carry from one call to the next. Alternating call by call, the two
sides' counters interlock, and a collection that one side's garbage made due can land in the other
side's call (see :mod:`benchmarks.collector`). In a block, a collection is triggered by the
block's own calls, apart from the one in flight at its start. Each collection is timed by a
``gc.callbacks`` hook and billed to the call it ran in, and a target's figure is the median time
outside the collector plus the mean time inside it (`collector.figure`), so the rare full
collections, which a median of whole calls never contains, are paid by the side that made them.

Blocks are kept short enough that a noisy moment of the machine (its speed changes for 0.2-1 s at
a time) falls on both sides alike more often than not; rounds are many.

`measure_in_processes` repeats that in several fresh worker processes (``python -m
benchmarks.per_call``) and keeps each process's samples apart: the same code measured in two
processes of this machine differed by up to 14%, more than within one process, because where the
interpreter places objects and code changes from process to process. The report takes, per
target, the median of the per-process figures (as pyperf does with its worker processes).
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, MutableSequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .collector import GENERATIONS, CallSamples, CollectorMeter, Figure, figure
from .targets import SyncCall, reader_setup, sync_targets

_ROOT = Path(__file__).resolve().parent.parent
#: The method, as the report states it.
METHOD = (
    "per-call rows: targets alternate in blocks of calls; gc.callbacks bill each collection to the "
    "call it ran in; figure = median time outside the collector + mean time in it"
)


@dataclass
class ProcessSamples:
    """One process's per-call samples of every target, and the collections no call was billed for."""

    targets: dict[str, CallSamples]
    unbilled: list[int]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (the worker's output)."""
        return {"targets": {n: s.as_dict() for n, s in self.targets.items()}, "unbilled": self.unbilled}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProcessSamples:
        """The inverse of `as_dict`."""
        targets = {name: CallSamples.from_dict(s) for name, s in data["targets"].items()}
        return cls(targets, list(data["unbilled"]))


def measure_per_call(
    targets: Mapping[str, SyncCall],
    *,
    rounds: int,
    calls_per_block: int,
    warmup: int = 50,
    setup: Mapping[str, Callable[[], None]] | None = None,
    clock: Callable[[], int] = time.perf_counter_ns,
    callbacks: MutableSequence[Any] = gc.callbacks,
) -> ProcessSamples:
    """Every call's duration and the collector's time inside it, ``rounds * calls_per_block`` calls
    per target.

    ``setup[name]``, when given, runs (untimed) before each call of that target, e.g. to choose the
    reader with ``CEREBRAS_MANAGEMENT_SPEEDUPS``. ``clock`` and ``callbacks`` (where the collector
    hook is registered for the measurement, then removed) are for tests.
    """
    names = list(targets)
    prepare = dict(setup or {})
    for name in names:
        call = targets[name]
        if name in prepare:
            prepare[name]()
        for _ in range(warmup):
            call()
    samples = {name: CallSamples() for name in names}
    meter = CollectorMeter(samples, clock)
    gc.collect()  # the warm-up's garbage is no target's
    callbacks.append(meter)
    try:
        for round_index in range(rounds):
            order = names if round_index % 2 == 0 else list(reversed(names))
            for name in order:
                call, out, before = targets[name], samples[name], prepare.get(name)
                for _ in range(calls_per_block):
                    if before is not None:
                        before()
                    meter.begin(name)
                    start = clock()
                    call()
                    elapsed = clock() - start
                    out.collector_ns.append(meter.end())
                    out.call_ns.append(elapsed)
    finally:
        callbacks.remove(meter)
    return ProcessSamples(samples, meter.unbilled)


def measure_in_processes(
    base_url: str,
    operation: str,
    *,
    processes: int,
    rounds: int,
    calls_per_block: int,
    warmup: int = 50,
    include_ours: bool = True,
) -> list[ProcessSamples]:
    """`measure_per_call` of `operation` in `processes` fresh worker processes, one after another."""
    command = [
        sys.executable,
        "-m",
        "benchmarks.per_call",
        f"--base-url={base_url}",
        f"--operation={operation}",
        f"--rounds={rounds}",
        f"--calls-per-block={calls_per_block}",
        f"--warmup={warmup}",
        *([] if include_ours else ["--raw-only"]),
    ]
    results = []
    for _ in range(processes):
        done = subprocess.run(command, cwd=_ROOT, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"per-call worker failed ({' '.join(command[1:])}):\n{done.stderr[-2000:]}")
        results.append(ProcessSamples.from_dict(json.loads(done.stdout)))
    return results


@dataclass(frozen=True)
class RowFigures:
    """A per-call row's figures for one target over its processes: the median of the per-process
    figures (ns), the median of their collector shares, and the collections per call of each
    generation over all processes."""

    per_call_ns: float
    gc_share: float
    collections_per_call: tuple[float, ...]


def row_figures(per_process: list[ProcessSamples]) -> dict[str, RowFigures]:
    """Per target, `RowFigures` from each process's `collector.figure`."""
    result = {}
    for name in per_process[0].targets:
        figures: list[Figure] = [figure(process.targets[name]) for process in per_process]
        calls = sum(f.calls for f in figures)
        result[name] = RowFigures(
            statistics.median(f.per_call_ns for f in figures),
            statistics.median(f.gc_share for f in figures),
            tuple(sum(f.collections[g] for f in figures) / calls for g in range(GENERATIONS)),
        )
    return result


def process_details(process: ProcessSamples) -> dict[str, Any]:
    """One process's figures for the report's details: per target, the figure and its parts (ns),
    the collector's share and the collections of each generation; and the unbilled collections."""
    details: dict[str, Any] = {}
    for name, samples in process.targets.items():
        f = figure(samples)
        details[name] = {
            "per_call_ns": f.per_call_ns,
            "outside_median_ns": f.outside_ns,
            "collector_mean_ns": f.collector_ns,
            "gc_share": f.gc_share,
            "calls": f.calls,
            "collections": list(f.collections),
            "call_median_ns": statistics.median(samples.call_ns),
        }
    return {"targets": details, "unbilled_collections": process.unbilled}


def main(argv: list[str] | None = None) -> None:
    """Worker: measure one operation against a running bench server; print the samples as JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.per_call", description=main.__doc__)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--operation", required=True)
    parser.add_argument("--rounds", type=int, required=True)
    parser.add_argument("--calls-per-block", type=int, required=True)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--raw-only", action="store_true")
    args = parser.parse_args(argv)
    include_ours = not args.raw_only
    with sync_targets(args.base_url, operation=args.operation, include_ours=include_ours) as targets:
        samples = measure_per_call(
            targets,
            rounds=args.rounds,
            calls_per_block=args.calls_per_block,
            warmup=args.warmup,
            setup=reader_setup() if args.operation != "delete" else None,
        )
    json.dump(samples.as_dict(), sys.stdout)


if __name__ == "__main__":
    main()
