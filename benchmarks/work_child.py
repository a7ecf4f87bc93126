"""The child process that `work` counts: ``python -m benchmarks.work_child --target T --mode M ...``.

It runs one target's bulk deletes in one pool state with the wall-clock row's own protocol
(`bulk.measure_fresh`, or `bulk.measure_warm` on a pool of `bulk.WARM_POOLS`), ``--runs`` times,
and prints how many runs it made. It imports only what its target needs.
"""

from __future__ import annotations

import argparse
import asyncio
import functools

from .bulk import WARM_POOLS, measure_fresh, measure_warm
from .targets import bulk_items, bulk_target

#: The pool states: ``fresh`` (a new client per run, httpx's defaults) and the pinned pools.
MODES = ("fresh", *WARM_POOLS)


async def run_bulk(target: str, mode: str, base_url: str, *, items: int, concurrency: int, runs: int) -> int:
    """Make ``runs`` bulk runs of ``items`` deletes (after one untimed run on a warm pool); return
    how many were made. Raises ``ValueError`` for an unknown mode or target."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}: one of {', '.join(MODES)}")
    work = bulk_items(items)
    if mode == "fresh":
        factory = functools.partial(bulk_target, target, base_url, concurrency)
        samples = await measure_fresh({target: factory}, work, repeats=runs)
    else:
        factory = functools.partial(bulk_target, target, base_url, concurrency, WARM_POOLS[mode][1])
        samples = await measure_warm({target: factory}, work, repeats=runs)
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
