"""``python -m benchmarks`` (``make bench``): run every benchmark, print one table, write JSON.

Progress goes to stderr; the machine line and the table go to stdout. The exit status is 0 even
when a budget is missed (benchmarks are not tests) unless ``--strict`` is given.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import statistics
import sys
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .allocations import Counts, format_counts
from .allocations import measure_in_process as count_in_process
from .bulk import MODES, POOL_NAMES, WARM_POOLS, measure_mode, median_paired_ratio
from .cli_start import measure_cli_start
from .import_time import HTTPX_CLI_EXTRAS, ImportSample, measure_imports
from .machine import machine_info, machine_line
from .memory import RssSample, measure_peak_rss
from .per_call import (
    METHOD,
    ProcessSamples,
    RowFigures,
    measure_in_processes,
    process_details,
    row_figures,
)
from .report import (
    BULK_BUDGET,
    CLI_START_BUDGET,
    IMPORT_BUDGET,
    LIST_BUDGET,
    PER_CALL_BUDGET,
    SPEEDUPS_LIST_BUDGET,
    Budget,
    Row,
    format_table,
    write_json,
)
from .server import LIST_SIZE, running_server
from .targets import (
    ONE_PASS,
    OPERATIONS,
    RAW_MODULE,
    WRAPPER_MODULE,
    PoolPin,
    bulk_items,
    bulk_target,
    speedups_available,
    target_names,
    wrapper_available,
)

_ROOT = Path(__file__).resolve().parent.parent
#: A plain install has neither the CLI's packages nor the `speedups` extra.
PLAIN_INSTALL_HIDDEN = (*HTTPX_CLI_EXTRAS, "msgspec", "sniffio")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--import-repeats", type=int, default=15, help="fresh interpreters per module")
    parser.add_argument(
        "--processes", type=int, default=5, help="fresh worker processes per per-call measurement"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=16,
        help="per-call rounds per process: one block per target each (the order flips each round)",
    )
    parser.add_argument("--calls-per-block", type=int, default=50, help="delete or get calls per block")
    parser.add_argument("--list-rounds", type=int, default=32, help="list-of-1,000 rounds per process")
    parser.add_argument("--list-calls-per-block", type=int, default=5, help="list-of-1,000 calls per block")
    parser.add_argument("--bulk-items", type=int, default=1000, help="deletes per bulk run")
    parser.add_argument("--bulk-repeats", type=int, default=9, help="fresh runs per target, new clients")
    parser.add_argument(
        "--bulk-warm-repeats", type=int, default=15, help="runs per target on each pinned warm pool"
    )
    parser.add_argument("--concurrency", type=int, default=32, help="bulk concurrency")
    parser.add_argument("--memory-repeats", type=int, default=2, help="fresh processes per target")
    parser.add_argument(
        "--count-calls", type=int, default=300, help="calls per target for the collections counted per call"
    )
    parser.add_argument("--output", type=Path, default=_ROOT / "reports" / "bench.json")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, to check the harness runs")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget is missed")
    return parser


def _quick(args: argparse.Namespace) -> None:
    """The smallest sizes that still run every measurement of every target once, end to end.

    A smoke check of the harness (tests/test_bench_smoke.py): its figures mean nothing, so every
    count is one sample, and the bulk runs are a few items at low concurrency.
    """
    args.import_repeats, args.rounds, args.calls_per_block = 1, 1, 5
    args.list_rounds, args.list_calls_per_block = 1, 1
    args.processes = 1
    args.bulk_items, args.bulk_repeats, args.concurrency, args.memory_repeats = 20, 1, 4, 1
    args.bulk_warm_repeats, args.count_calls = 1, 5


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "min": ordered[0],
        "median": statistics.median(ordered),
        "p90": ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))],
        "max": ordered[-1],
    }


def _best_import_ms(samples: dict[str, list[ImportSample]]) -> dict[str, float]:
    """Per target, the best (lowest) cumulative import time in milliseconds."""
    modules = {"raw": RAW_MODULE, "ours": WRAPPER_MODULE}
    return {
        target: min(sample.cumulative_us for sample in samples[module]) / 1000
        for target, module in modules.items()
        if module in samples
    }


def _per_call_row(metric: str, figures: dict[str, RowFigures], side: str, budget: Budget) -> Row:
    """A per-call row (us): `side` of ours against raw httpx, with each side's collector share."""
    ours, raw = figures.get(side), figures["raw"]
    return Row(
        f"{metric}, median + GC",
        "us",
        None if ours is None else ours.per_call_ns / 1000,
        raw.per_call_ns / 1000,
        budget,
        gc_share_ours=None if ours is None else ours.gc_share,
        gc_share_raw=raw.gc_share,
    )


def _reader_rows(name: str, figures: dict[str, RowFigures], one_pass: Budget, speedups: Budget) -> list[Row]:
    """A get or list row per reader: the one-pass generated reader, and the msgspec accelerator."""
    if ONE_PASS not in figures:  # msgspec not installed: "ours" is the one-pass reader
        return [_per_call_row(f"{name}, one-pass reader", figures, "ours", one_pass)]
    return [
        _per_call_row(f"{name}, one-pass reader", figures, ONE_PASS, one_pass),
        _per_call_row(f"{name}, speedups (msgspec)", figures, "ours", speedups),
    ]


def _per_call_plan(args: argparse.Namespace) -> dict[str, tuple[int, int]]:
    """Per operation timed per call: (rounds per process, calls per block)."""
    return {
        "delete": (args.rounds, args.calls_per_block),
        "get": (args.rounds, args.calls_per_block),
        "list": (args.list_rounds, args.list_calls_per_block),
    }


def _bulk_row(metric: str, runs: dict[str, list[float]]) -> Row:
    """A bulk row: each target's median, and the median of the paired ratios as the row's ratio."""
    ours = runs.get("ours")
    return Row(
        f"{metric}, medians; ratio: median of pairs",
        "req/s",
        None if ours is None else statistics.median(ours),
        statistics.median(runs["raw"]),
        BULK_BUDGET,
        paired_ratio=None if ours is None else median_paired_ratio(ours, runs["raw"]),
    )


def _rows(
    args: argparse.Namespace,
    *,
    import_ms: dict[str, float],
    import_plain_ms: dict[str, float],
    per_call: dict[str, dict[str, RowFigures]],
    bulk_runs: dict[str, dict[str, list[float]]],
    peak_mib: dict[str, float],
    cli_start_ms: dict[str, float],
) -> list[Row]:
    """The table rows from per-target figures (``"ours"`` absent when the wrapper was not run)."""
    bulk = f"bulk delete x{args.bulk_items} @{args.concurrency}"
    return [
        Row("import, this venv, best", "ms", import_ms.get("ours"), import_ms["raw"], IMPORT_BUDGET),
        Row(
            "import, plain install, best",
            "ms",
            import_plain_ms.get("ours"),
            import_plain_ms["raw"],
            IMPORT_BUDGET,
        ),
        _per_call_row("one delete", per_call["delete"], "ours", PER_CALL_BUDGET),
        *_reader_rows("one get", per_call["get"], PER_CALL_BUDGET, PER_CALL_BUDGET),
        *_reader_rows(f"list of {LIST_SIZE:,} versions", per_call["list"], LIST_BUDGET, SPEEDUPS_LIST_BUDGET),
        *(_bulk_row(f"{bulk}, {POOL_NAMES[mode]}", bulk_runs[mode]) for mode in MODES),
        Row(f"peak RSS, bulk x{args.bulk_items}", "MiB", peak_mib.get("ours"), peak_mib["raw"]),
        Row(
            "CLI start, `--version` vs `python -c 'import httpx'`, best",
            "ms",
            cli_start_ms.get("ours"),
            cli_start_ms["raw"],
            CLI_START_BUDGET,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; return the process exit status."""
    args = _parser().parse_args(argv)
    if args.quick:
        _quick(args)
    info = machine_info()
    have_ours = wrapper_available()
    print(f"machine: {machine_line(info)}", flush=True)
    if not have_ours:
        _log(f"{WRAPPER_MODULE}.ManagementClient is not importable: measuring raw httpx only")

    _log(f"import time: {args.import_repeats} fresh interpreters per module, alternating")
    modules = [RAW_MODULE, *([WRAPPER_MODULE] if have_ours else [])]
    imports: dict[str, list[ImportSample]] = measure_imports(modules, args.import_repeats)
    _log(f"import time, plain install ({', '.join(PLAIN_INSTALL_HIDDEN)} hidden): same again")
    imports_plain = measure_imports(modules, args.import_repeats, hide=PLAIN_INSTALL_HIDDEN)

    _log(f"CLI start: {args.import_repeats} fresh processes per command, alternating")
    cli_start = measure_cli_start(args.import_repeats)

    with running_server() as base_url:
        per_process: dict[str, list[ProcessSamples]] = {}
        for operation, (rounds, block) in _per_call_plan(args).items():
            what = f"list of {LIST_SIZE}" if operation == "list" else operation
            _log(
                f"per call, {what}: {args.processes} fresh processes x {rounds} rounds x a block of "
                f"{block} calls per target, alternating blocks; collections billed per call (gc.callbacks)"
            )
            per_process[operation] = measure_in_processes(
                base_url,
                operation,
                processes=args.processes,
                rounds=rounds,
                calls_per_block=block,
                warmup=5 if operation == "list" else 50,
                include_ours=have_ours,
            )

        counts: dict[str, dict[str, Counts]] = {}
        if have_ours:
            _log(f"GC work per call, counted: one call per target, then {args.count_calls} calls alone")
            counts = {op: count_in_process(base_url, op, calls=args.count_calls) for op in OPERATIONS}

        _log(
            f"bulk: {args.bulk_items} deletes at concurrency {args.concurrency}; {args.bulk_repeats} runs "
            f"per target on new clients, then {args.bulk_warm_repeats} on each pinned warm pool "
            f"({', '.join(WARM_POOLS)}), alternating"
        )
        items = bulk_items(args.bulk_items)

        names = target_names(include_ours=have_ours)

        def factories(pin: PoolPin | None) -> dict[str, Any]:
            return {
                name: functools.partial(bulk_target, name, base_url, args.concurrency, pin) for name in names
            }

        bulk = {
            mode: asyncio.run(
                measure_mode(
                    mode,
                    factories,
                    items,
                    repeats=args.bulk_repeats if mode == "fresh" else args.bulk_warm_repeats,
                )
            )
            for mode in MODES
        }

        _log(f"memory: peak RSS of one bulk run, {args.memory_repeats} fresh processes per target")
        memory: dict[str, list[RssSample]] = measure_peak_rss(
            names,
            base_url,
            items=args.bulk_items,
            concurrency=args.concurrency,
            repeats=args.memory_repeats,
        )

    rows = _rows(
        args,
        import_ms=_best_import_ms(imports),
        import_plain_ms=_best_import_ms(imports_plain),
        per_call={operation: row_figures(processes) for operation, processes in per_process.items()},
        bulk_runs=bulk,
        peak_mib={k: min(s.peak_kib for s in v) / 1024 for k, v in memory.items()},
        cli_start_ms={k: min(v) / 1000 for k, v in cli_start.items()},
    )
    table = format_table(rows)
    print(f"{METHOD}.", flush=True)
    print(table, flush=True)
    if counts:
        print(f"\nGC work per call (counts, not timed):\n{format_counts(counts)}", flush=True)

    bulk_summary = {
        mode: {name: _summary(values) for name, values in by_name.items()} for mode, by_name in bulk.items()
    }
    payload: dict[str, Any] = {
        "command": "make bench",
        "argv": sys.argv[1:] if argv is None else argv,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": info,
        "wrapper_measured": have_ours,
        "config": {
            key: value for key, value in vars(args).items() if key not in {"output", "quick", "strict"}
        },
        "results": [row.as_dict() for row in rows],
        "details": {
            "import_cumulative_us": {
                name: _summary([s.cumulative_us for s in samples]) for name, samples in imports.items()
            },
            "import_process_wall_us": {
                name: _summary([s.wall_us for s in samples]) for name, samples in imports.items()
            },
            "import_plain_install_hidden": list(PLAIN_INSTALL_HIDDEN),
            "speedups_installed": speedups_available(),
            "import_plain_install_cumulative_us": {
                name: _summary([s.cumulative_us for s in samples]) for name, samples in imports_plain.items()
            },
            "per_call_method": {
                "method": METHOD,
                "blocks": {
                    op: {"rounds": r, "calls_per_block": b} for op, (r, b) in _per_call_plan(args).items()
                },
            },
            "per_call_processes": {
                operation: [process_details(process) for process in processes]
                for operation, processes in per_process.items()
            },
            "bulk_requests_per_second": bulk_summary,
            # Every run in the order measured: run i of one target was next to run i of the other.
            "bulk_runs_requests_per_second": bulk,
            "bulk_ratio_of_medians": {
                mode: by_name["ours"]["median"] / by_name["raw"]["median"]
                for mode, by_name in bulk_summary.items()
                if "ours" in by_name
            },
            "rss_setup_kib": {name: _summary([s.setup_kib for s in v]) for name, v in memory.items()},
            "rss_peak_kib": {name: _summary([s.peak_kib for s in v]) for name, v in memory.items()},
            "cli_start_wall_us": {name: _summary([float(x) for x in v]) for name, v in cli_start.items()},
        },
        "gc_counts": {
            op: {name: asdict(c) for name, c in by_target.items()} for op, by_target in counts.items()
        },
        "table": table,
    }
    write_json(args.output, payload)
    _log(f"wrote {args.output}")
    missed = [row.metric for row in rows if row.passed is False]
    if missed:
        _log("budget missed: " + "; ".join(missed))
    return 1 if missed and args.strict else 0
