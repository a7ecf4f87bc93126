"""The child process that `work` counts: ``python -m benchmarks.work_child --target T --mode M ...``.

It runs one target's bulk deletes in one pool state with the wall-clock row's own protocol
(`bulk.measure_mode`: the same as ``make bench``), ``--runs`` times,
and prints how many runs it made. It imports only what its target needs.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
from typing import Any

from .bulk import MODES, measure_mode
from .targets import PoolPin, bulk_items, bulk_target


async def run_bulk(target: str, mode: str, base_url: str, *, items: int, concurrency: int, runs: int) -> int:
    """Make ``runs`` bulk runs of ``items`` deletes (after one untimed run on a warm pool); return
    how many were made. Raises ``ValueError`` for an unknown mode or target."""

    def factories(pin: PoolPin | None) -> dict[str, Any]:
        return {target: functools.partial(bulk_target, target, base_url, concurrency, pin)}

    samples = await measure_mode(mode, factories, bulk_items(items), repeats=runs)
    return len(samples[target])


def main(argv: list[str] | None = None) -> None:
    """Command line: the bulk runs of one target in one pool state; prints how many it made."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.work_child", description=__doc__)
    parser.add_argument("--target", choices=["ours", "raw"], required=True)
    parser.add_argument("--mode", choices=MODES, required=True)
    parser.add_argument("--runs", type=int, required=True)
    parser.add_argument("--items", type=int, required=True)
    parser.add_argument("--concurrency", type=int, required=True)
    parser.add_argument("--base-url", required=True)
    args = parser.parse_args(argv)
    sizes = {"items": args.items, "concurrency": args.concurrency, "runs": args.runs}
    made = asyncio.run(run_bulk(args.target, args.mode, args.base_url, **sizes))
    print(f"{args.target} {args.mode}: {made} runs of {args.items}")


if __name__ == "__main__":
    main()
