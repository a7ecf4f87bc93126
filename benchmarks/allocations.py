"""The garbage collector's work per call, counted rather than timed (``python -m benchmarks.allocations``).

Counts do not move with the machine's speed, so they can decide what a change to the readers buys
where the wall clock cannot. For each operation and target, in a fresh worker process:

- ``peak``: the most container objects (dicts, lists, class instances: what the collector counts
  towards its next collection) the call had alive at once beyond those alive before it;
- ``left``: those still alive after the call: its result, and any cyclic garbage it left for the
  collector (httpx leaves a few dozen objects per request);
- ``collections``: collections of each generation per 100 calls, the target's calls run alone.

``peak`` and ``left`` read CPython's allocation counter (``gc.get_count()``) around one call, with
the collector paused for that call only (a collection would reset the counter), and sample it at
every return from a Python function; nothing is timed while it is paused. ``collections`` run with
the collector on, counted by a ``gc.callbacks`` hook.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from dataclasses import asdict, dataclass
from typing import Any

from .collector import GENERATIONS
from .targets import ONE_PASS, OPERATIONS, SPEEDUPS_ENV, SyncCall, sync_targets

#: Containers allocated before the counted call, so that frees during it never meet a counter at 0
#: (CPython does not count a free below 0).
_HEADROOM = 200_000
#: How long `count_containers` lets its thread keep the interpreter before another may run.
_HOLD_SECONDS = 60.0


@dataclass(frozen=True)
class Counts:
    """One target's counts for one operation (see the module's docstring)."""

    peak: int
    left: int
    collections_per_100: tuple[float, ...]


def count_containers(call: SyncCall) -> tuple[int, int]:
    """(peak, left) of one call of ``call``: see the module's docstring.

    The collector's count is the process's: another thread's allocations would land in it. While the
    call runs, this thread keeps the interpreter unless it blocks (a switch interval of a minute), so
    a call that does not wait counts its own containers only.
    """
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(_HOLD_SECONDS)
    time.sleep(0)  # let a thread already asking for the interpreter have it now, not during the call
    headroom: list[list[None]] = [[] for _ in range(_HEADROOM)]  # noqa: F841 - kept alive until the count is read
    start = gc.get_count()[0]
    peak = start

    def sample(_frame: Any, event: str, _arg: Any) -> None:
        nonlocal peak
        if event == "return":
            count = gc.get_count()[0]
            if count > peak:
                peak = count

    try:
        sys.setprofile(sample)
        try:
            result = call()
        finally:
            sys.setprofile(None)
        left = gc.get_count()[0] - start
        del result
    finally:
        sys.setswitchinterval(switch_interval)
        if enabled:
            gc.enable()
    return peak - start, left


def count_collections(call: SyncCall, calls: int) -> tuple[float, ...]:
    """Collections of each generation per 100 calls of ``call``, made one after another."""
    counted = [0] * GENERATIONS

    def hook(phase: str, info: dict[str, int]) -> None:
        if phase == "stop":
            counted[info["generation"]] += 1

    gc.collect()
    gc.callbacks.append(hook)
    try:
        for _ in range(calls):
            call()
    finally:
        gc.callbacks.remove(hook)
    return tuple(100 * count / calls for count in counted)


def measure_counts(base_url: str, operation: str, *, calls: int) -> dict[str, Counts]:
    """`Counts` of every target of `operation` (in this process; the targets one after another)."""
    import os

    counts = {}
    with sync_targets(base_url, operation=operation) as targets:
        for name, call in targets.items():
            if name == ONE_PASS:
                os.environ[SPEEDUPS_ENV] = "0"
            else:
                os.environ.pop(SPEEDUPS_ENV, None)
            for _ in range(5):  # warm: connections open, readers and caches built
                call()
            peak, left = count_containers(call)
            counts[name] = Counts(peak, left, count_collections(call, calls))
    os.environ.pop(SPEEDUPS_ENV, None)
    return counts


def measure_in_process(base_url: str, operation: str, *, calls: int) -> dict[str, Counts]:
    """`measure_counts` in a fresh worker process (``python -m benchmarks.allocations``)."""
    import subprocess
    from pathlib import Path

    command = [
        sys.executable,
        "-m",
        "benchmarks.allocations",
        f"--base-url={base_url}",
        f"--operation={operation}",
        f"--calls={calls}",
    ]
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"allocation worker failed ({' '.join(command[1:])}):\n{done.stderr[-2000:]}")
    data = json.loads(done.stdout)
    return {name: Counts(c["peak"], c["left"], tuple(c["collections_per_100"])) for name, c in data.items()}


def format_counts(counts: dict[str, dict[str, Counts]]) -> str:
    """The counts as a Markdown table: a row per operation and target."""
    lines = [
        "| operation | target | peak containers | left after the call "
        "| collections per 100 calls (gen 0/1/2) |",
        "|:--|:--|--:|--:|--:|",
    ]
    for operation, by_target in counts.items():
        for name, c in by_target.items():
            per_100 = " / ".join(f"{value:.1f}" for value in c.collections_per_100)
            lines.append(f"| {operation} | {name} | {c.peak:,} | {c.left:,} | {per_100} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Worker (with ``--operation``): print one operation's counts as JSON. Without it: start the
    bench server, count every operation in its own worker, print the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.allocations", description=__doc__)
    parser.add_argument("--base-url")
    parser.add_argument("--operation", choices=OPERATIONS)
    parser.add_argument("--calls", type=int, default=300, help="calls per target for the collections")
    args = parser.parse_args(argv)
    if args.operation is not None:
        if args.base_url is None:
            parser.error("--operation needs --base-url")
        counts = measure_counts(args.base_url, args.operation, calls=args.calls)
        json.dump({name: asdict(c) for name, c in counts.items()}, sys.stdout)
        return
    from .server import running_server

    with running_server() as base_url:
        table = {op: measure_in_process(base_url, op, calls=args.calls) for op in OPERATIONS}
    print(format_counts(table))


if __name__ == "__main__":
    main()
