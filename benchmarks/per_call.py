"""Latency of one synchronous call: every call timed, targets alternating call by call, in fresh processes.

Each round makes ``calls_per_round`` passes; a pass calls each target once, so every call of one
target sits between calls of the others and a burst of noise from the machine falls on all of them
alike. The order of targets within a pass flips every round so none always runs first. Untimed
warm-up calls open the keep-alive connections and fill any caches before measurement.

Targets used to run in blocks (all of a round's calls of one target, then the next). On this shared
2-core machine that let one block catch a noisy second its neighbour missed: for the same code the
list row's per-process ratio ranged from 1.46x to 2.37x in blocks, against 1.43x to 1.84x alternating
call by call (scratch scripts, five and eight processes; see the performance page).

`measure_in_processes` repeats that in several fresh worker processes (``python -m
benchmarks.per_call``) and keeps each process's samples apart: the same code measured in two
processes of this machine differed by up to 14% (a delete: 0.93x in one, 1.07x in the next), more
than within one process, because where the interpreter places objects and code changes from process
to process. The report takes, per target, the median of the per-process medians (as pyperf does with
its worker processes).
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from .targets import SyncCall, reader_setup, sync_targets

_ROOT = Path(__file__).resolve().parent.parent


def measure_per_call(
    targets: Mapping[str, SyncCall],
    *,
    rounds: int,
    calls_per_round: int,
    warmup: int = 50,
    setup: Mapping[str, Callable[[], None]] | None = None,
) -> dict[str, list[int]]:
    """Per-call durations in nanoseconds, ``rounds * calls_per_round`` of them for each target.

    ``setup[name]``, when given, runs (untimed) before each call of that target, e.g. to choose the
    reader with ``CEREBRAS_MANAGEMENT_SPEEDUPS``.
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
        passes = [(targets[name], samples[name], prepare.get(name)) for name in order]
        gc.collect()
        for _ in range(calls_per_round):
            for call, out, before in passes:
                if before is not None:
                    before()
                start = clock()
                call()
                out.append(clock() - start)
    return samples


def measure_in_processes(
    base_url: str,
    operation: str,
    *,
    processes: int,
    rounds: int,
    calls_per_round: int,
    warmup: int = 50,
    include_ours: bool = True,
) -> list[dict[str, list[int]]]:
    """`measure_per_call` of `operation` in `processes` fresh worker processes, one after another:
    each one's samples (ns per call, per target)."""
    command = [
        sys.executable,
        "-m",
        "benchmarks.per_call",
        f"--base-url={base_url}",
        f"--operation={operation}",
        f"--rounds={rounds}",
        f"--calls-per-round={calls_per_round}",
        f"--warmup={warmup}",
        *([] if include_ours else ["--raw-only"]),
    ]
    results = []
    for _ in range(processes):
        done = subprocess.run(command, cwd=_ROOT, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"per-call worker failed ({' '.join(command[1:])}):\n{done.stderr[-2000:]}")
        results.append(json.loads(done.stdout))
    return results


def median_of_medians(per_process: list[dict[str, list[int]]]) -> dict[str, float]:
    """Per target, the median over processes of each process's median (ns)."""
    names = per_process[0].keys()
    return {name: statistics.median(statistics.median(p[name]) for p in per_process) for name in names}


def pooled(per_process: list[dict[str, list[int]]]) -> dict[str, list[int]]:
    """Per target, every sample of every process (for the report's details)."""
    return {name: [v for p in per_process for v in p[name]] for name in per_process[0]}


def main(argv: list[str] | None = None) -> None:
    """Worker: measure one operation against a running bench server; print the samples as JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.per_call", description=main.__doc__)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--operation", required=True)
    parser.add_argument("--rounds", type=int, required=True)
    parser.add_argument("--calls-per-round", type=int, required=True)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--raw-only", action="store_true")
    args = parser.parse_args(argv)
    include_ours = not args.raw_only
    with sync_targets(args.base_url, operation=args.operation, include_ours=include_ours) as targets:
        samples = measure_per_call(
            targets,
            rounds=args.rounds,
            calls_per_round=args.calls_per_round,
            warmup=args.warmup,
            setup=reader_setup() if args.operation != "delete" else None,
        )
    json.dump(samples, sys.stdout)


if __name__ == "__main__":
    main()
