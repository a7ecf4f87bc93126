"""Peak resident memory of one bulk run, each target in its own fresh process.

The parent (:func:`measure_peak_rss`) starts ``python -m benchmarks.memory --target T ...`` for each
target in turn; the child imports only what its target needs, runs the bulk deletes once and
reports its own peak RSS (``VmHWM``, else ``ru_maxrss``; KiB) after set-up and at the end, as one JSON line.
Separate processes keep the two targets' imports and allocations from contaminating each other.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class RssSample:
    """A child's peak RSS in KiB: after imports and client set-up, and after the bulk run."""

    setup_kib: int
    peak_kib: int


def _maxrss_kib() -> int:
    """This process's peak RSS in KiB.

    ``VmHWM`` from ``/proc/self/status`` where there is one: unlike ``ru_maxrss``, which Linux
    carries over from the parent across fork and exec (so a child started by a big benchmark
    process reports the parent's peak), it covers this process image only.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


async def _child(target: str, base_url: str, items: int, concurrency: int) -> RssSample:
    from .targets import bulk_items, bulk_target

    work = bulk_items(items)
    async with bulk_target(target, base_url, concurrency) as run:
        setup = _maxrss_kib()
        outcomes = await run(work)
        if len(outcomes) != len(work):
            raise RuntimeError(f"{target}: {len(outcomes)} outcomes for {len(work)} items")
        return RssSample(setup, _maxrss_kib())


def rss_sample(target: str, base_url: str, *, items: int, concurrency: int) -> RssSample:
    """Run one bulk delete with ``target`` in a fresh interpreter and return its RSS figures."""
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.memory",
            "--target",
            target,
            "--base-url",
            base_url,
            "--items",
            str(items),
            "--concurrency",
            str(concurrency),
        ],
        cwd=_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"memory child for {target!r} failed:\n{completed.stderr[-2000:]}")
    data = json.loads(completed.stdout.strip().splitlines()[-1])
    return RssSample(int(data["setup_kib"]), int(data["peak_kib"]))


def measure_peak_rss(
    targets: list[str], base_url: str, *, items: int, concurrency: int, repeats: int
) -> dict[str, list[RssSample]]:
    """``repeats`` fresh-process samples per target, alternating targets (and their order)."""
    samples: dict[str, list[RssSample]] = {name: [] for name in targets}
    for repeat in range(repeats):
        order = targets if repeat % 2 == 0 else list(reversed(targets))
        for name in order:
            samples[name].append(rss_sample(name, base_url, items=items, concurrency=concurrency))
    return samples


def main(argv: list[str] | None = None) -> None:
    """Child entry point: one bulk run, then print ``{"setup_kib": ..., "peak_kib": ...}``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--target", choices=["ours", "raw"], required=True)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--items", type=int, required=True)
    parser.add_argument("--concurrency", type=int, required=True)
    args = parser.parse_args(argv)
    sample = asyncio.run(_child(args.target, args.base_url, args.items, args.concurrency))
    print(json.dumps({"setup_kib": sample.setup_kib, "peak_kib": sample.peak_kib}))


if __name__ == "__main__":
    main()
