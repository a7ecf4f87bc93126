"""``python -m benchmarks.work`` (``make bench-work``): the CPU work of a bulk delete, counted in
instructions by valgrind's callgrind, ours against raw httpx: figures that do not move with the
machine's speed.

In a bulk run the client is CPU-bound (its process's CPU time equals the wall time), so at a given
machine speed its throughput follows the work it does per request. ``make bench`` measures that
throughput, but on a shared machine a run's speed moves by 10-20% from one run to the next, so a
bulk row's ratio is uncertain by about 4% (docs/project/performance.md). An instruction count is the
same whatever the machine is doing.

How: for each target and pool state (`bulk.MODES`), two fresh child processes run under
callgrind (`work_child`), one making one run of ``--items`` deletes and one making two, each with the
wall-clock row's own protocol. The difference of their counts is the work of one run, start-up and
imports cancelling out; it also holds what the wall clock leaves out of a run (the ``gc.collect()``
before it and, for a new client, making and closing the client). It is shown as requests per 10^9
instructions, so that its ratio reads like the throughput rows' (ours / raw, higher is better) and
has their budget. Both children get ``PYTHONHASHSEED=0`` and write no bytecode, so they start alike.
Two children run at a time, one per core: a count does not depend on load.

What a count does not weigh: waiting (little here: the client is the bottleneck), time in the
kernel, and cache misses. Under callgrind the client runs about 50 times slower than the server;
both targets are measured in that same state. For the pinned pools the counts follow the wall clock.
For a new client they do not (raw httpx at 16% more instructions per request in runs of 300, where
the wall clock and cProfile's call counts find the two alike), for a reason not found, so the new
client is counted only when asked for (``--modes fresh``). The figure also depends on the run's
length: the client's count per request rises with it and raw httpx's falls.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .bulk import MODES, POOL_NAMES, WARM_POOLS
from .machine import machine_info, machine_line
from .report import BULK_BUDGET, Row, format_table, write_json
from .server import running_server
from .targets import target_names

_ROOT = Path(__file__).resolve().parent.parent
#: Runs of the two children of each (target, mode): their difference is one run.
RUN_COUNTS = (1, 2)
#: The pool states counted unless ``--modes`` says otherwise: the pinned pools. A new client's count
#: disagrees with the wall clock (see the module docstring), so "fresh" is counted only on request.
DEFAULT_MODES = tuple(WARM_POOLS)


@dataclass(frozen=True)
class Child:
    """One counted child process: ``runs`` bulk runs of ``items`` deletes by ``target`` in ``mode``."""

    target: str
    mode: str
    runs: int
    items: int
    concurrency: int
    base_url: str

    def says(self) -> str:
        """The line the child prints when it has made its runs (`work_child.main`)."""
        return f"{self.target} {self.mode}: {self.runs} runs of {self.items}"

    def argv(self) -> list[str]:
        """The child's own command line (without valgrind)."""
        return [
            sys.executable, "-m", "benchmarks.work_child",
            "--target", self.target, "--mode", self.mode, "--runs", str(self.runs),
            "--items", str(self.items), "--concurrency", str(self.concurrency), "--base-url", self.base_url,
        ]  # fmt: skip


def find_valgrind() -> str | None:
    """The path of ``valgrind``, or None when it is not installed."""
    return shutil.which("valgrind")


def callgrind_command(valgrind_path: str, out_file: Path, argv: Sequence[str]) -> list[str]:
    """``argv`` run under callgrind (which counts instructions only, by default) into ``out_file``."""
    return [valgrind_path, "--tool=callgrind", f"--callgrind-out-file={out_file}", "--", *argv]


def child_environment(base: Mapping[str, str]) -> dict[str, str]:
    """``base`` with a fixed hash seed and no bytecode writing: two children then start alike."""
    return {**base, "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"}


def parse_total(callgrind_output: str) -> int:
    """The instruction (``Ir``) total of a callgrind output file: its ``summary:`` line, else ``totals:``.

    The ``events:`` line names the columns (``VALGRIND_OPTS`` may add events to ``Ir``). Raises
    ``ValueError`` when there is no ``Ir`` column or no total line.
    """
    events: list[str] = []
    totals: dict[str, list[str]] = {}
    for line in callgrind_output.splitlines():
        key, _, value = line.partition(":")
        if key == "events" and not events:
            events = value.split()
        elif key in ("summary", "totals"):
            totals.setdefault(key, value.split())
    if "Ir" not in events:
        raise ValueError(f"no 'Ir' column in the callgrind output (events: {' '.join(events) or 'none'})")
    column = events.index("Ir")
    for key in ("summary", "totals"):
        fields = totals.get(key, [])
        if len(fields) > column and fields[column].isdigit():
            return int(fields[column])
    raise ValueError("no 'summary:' or 'totals:' line in the callgrind output")


#: Seconds one counted child may take (a run of 1,000 deletes under callgrind takes about 100 s).
CHILD_TIMEOUT = 3600.0


def count_instructions(argv: Sequence[str], *, valgrind_path: str, says: str | None = None) -> int:
    """The instructions ``argv`` executes under callgrind.

    ``says``: a line the program must print (the child's report of the runs it made). Raises
    ``RuntimeError`` when it fails, does not say it, or leaves no output file.
    """
    with tempfile.TemporaryDirectory(prefix="bench-work-") as folder:
        out_file = Path(folder) / "callgrind.out"
        completed = subprocess.run(
            callgrind_command(valgrind_path, out_file, argv),
            cwd=_ROOT,
            env=child_environment(os.environ),
            capture_output=True,
            text=True,
            check=False,
            timeout=CHILD_TIMEOUT,
        )
        if completed.returncode != 0 or not out_file.exists():
            raise RuntimeError(f"counting {list(argv)!r} failed:\n{completed.stderr[-2000:]}")
        if says is not None and says not in completed.stdout.splitlines():
            raise RuntimeError(f"{list(argv)!r} did not say {says!r}; it printed {completed.stdout[-500:]!r}")
        return parse_total(out_file.read_text(encoding="utf-8", errors="replace"))


def per_request(counts: Mapping[int, int], items: int) -> float:
    """Instructions per request: the extra count of the child with more runs, over its extra requests.

    ``counts`` maps a number of runs to that child's total. Raises ``ValueError`` unless there are
    two different numbers of runs, ``items >= 1``, and the child with more runs counted more.
    """
    if len(counts) != 2 or items < 1:
        raise ValueError(f"need the totals of two different numbers of runs and items >= 1, got {counts!r}")
    low, high = sorted(counts)
    extra = counts[high] - counts[low]
    if extra <= 0:
        more, fewer = f"{counts[high]:,}", f"{counts[low]:,}"
        raise ValueError(f"the {high}-run child counted {more}, no more than the {low}-run child ({fewer})")
    return extra / ((high - low) * items)


def measure_work(
    targets: Sequence[str],
    base_url: str,
    *,
    items: int,
    concurrency: int,
    modes: Sequence[str] = DEFAULT_MODES,
    valgrind_path: str,
) -> dict[str, dict[str, dict[int, int]]]:
    """Each child's instruction total, ``{mode: {target: {runs: total}}}``, two counted at a time."""
    children = [
        Child(target, mode, runs, items, concurrency, base_url)
        for mode in modes
        for runs in reversed(RUN_COUNTS)  # a pair of children of the same length ends together
        for target in targets
    ]

    def count(child: Child) -> int:
        return count_instructions(child.argv(), valgrind_path=valgrind_path, says=child.says())

    pool = ThreadPoolExecutor(max_workers=2)
    try:
        totals = list(pool.map(count, children))
    finally:  # on a failure, start no further child (the two running ones finish)
        pool.shutdown(wait=True, cancel_futures=True)
    counts: dict[str, dict[str, dict[int, int]]] = {}
    for child, total in zip(children, totals, strict=True):
        counts.setdefault(child.mode, {}).setdefault(child.target, {})[child.runs] = total
    return counts


def work_rows(
    counts: Mapping[str, Mapping[str, Mapping[int, int]]], *, items: int, concurrency: int
) -> list[Row]:
    """One row per pool state: requests per 10^9 instructions, ours against raw, with the bulk budget."""
    rows = []
    for mode, by_target in counts.items():
        rate = {target: 1e9 / per_request(by_runs, items) for target, by_runs in by_target.items()}
        rows.append(
            Row(
                f"bulk delete x{items} @{concurrency}, {POOL_NAMES[mode]}, work (callgrind)",
                "req per 10^9 instr",
                rate.get("ours"),
                rate["raw"],
                BULK_BUDGET,
            )
        )
    return rows


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.work", description=__doc__)
    parser.add_argument("--items", type=int, default=300, help="deletes per bulk run")
    parser.add_argument("--concurrency", type=int, default=32, help="bulk concurrency")
    parser.add_argument(
        "--modes", default=",".join(DEFAULT_MODES), help=f"pool states, of {', '.join(MODES)}"
    )
    parser.add_argument("--output", type=Path, default=_ROOT / "reports" / "bench-work.json")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Count, print the table, write the JSON report; exit status 2 for bad arguments or no valgrind."""
    args = _parser().parse_args(argv)
    modes = [mode.strip() for mode in args.modes.split(",") if mode.strip()]
    unknown = sorted(set(modes) - set(MODES))
    problem = None
    if unknown or not modes:
        problem = f"--modes: unknown {unknown!r}" if unknown else "--modes: none given"
        problem += f"; choose from {', '.join(MODES)}"
    elif args.items < 1 or args.concurrency < 1:
        problem = f"--items and --concurrency must be >= 1 (got {args.items} and {args.concurrency})"
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    valgrind_path = find_valgrind()
    if valgrind_path is None:
        print("valgrind is not installed: install it (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    info = machine_info()
    print(f"machine: {machine_line(info)}", flush=True)
    started = time.perf_counter()
    with running_server() as base_url:
        counts = measure_work(
            target_names(),
            base_url,
            items=args.items,
            concurrency=args.concurrency,
            modes=modes,
            valgrind_path=valgrind_path,
        )
    payload: dict[str, Any] = {
        "command": "make bench-work",
        "argv": sys.argv[1:] if argv is None else argv,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - started, 1),
        "machine": info,
        "config": {"items": args.items, "concurrency": args.concurrency, "modes": modes, "runs": RUN_COUNTS},
        # Kept even when the figures below cannot be made from them.
        "child_totals": {
            mode: {
                target: {str(runs): total for runs, total in by_runs.items()}
                for target, by_runs in by_target.items()
            }
            for mode, by_target in counts.items()
        },
    }
    try:
        rows = work_rows(counts, items=args.items, concurrency=args.concurrency)
    except ValueError as error:  # a child with more runs that counted no more: no figure to show
        payload["error"] = str(error)
        write_json(args.output, payload)
        print(f"{error} (the counts are in {args.output})", file=sys.stderr)
        return 1
    table = format_table(rows)
    print(table, flush=True)
    payload["results"] = [row.as_dict() for row in rows]
    payload["instructions_per_request"] = {
        mode: {target: per_request(by_runs, args.items) for target, by_runs in by_target.items()}
        for mode, by_target in counts.items()
    }
    payload["table"] = table
    write_json(args.output, payload)
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
