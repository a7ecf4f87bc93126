"""The instruction counter of ``make bench-work`` (``benchmarks/work.py``, ``benchmarks/work_child.py``).

The arithmetic and the command lines are pinned exactly; the children are run for real (natively,
tiny sizes); and, where valgrind is installed, one real count shows that more work counts more.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import work
from benchmarks.report import BULK_BUDGET
from benchmarks.server import running_server
from benchmarks.work import (
    DEFAULT_MODES,
    Child,
    callgrind_command,
    child_environment,
    count_instructions,
    measure_work,
    parse_total,
    per_request,
    valgrind,
    work_rows,
)
from benchmarks.work_child import MODES, run_bulk

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_server() as url:
        yield url


def test_parse_total_takes_the_summary_line_and_falls_back_to_totals() -> None:
    output = "version: 1\ncmd: python\nevents: Ir\nsummary: 5629941479\nfn=main\n3 12\ntotals: 5629941470\n"
    assert parse_total(output) == 5629941479
    assert parse_total("events: Ir\ntotals: 42\n") == 42
    assert parse_total("summary:  7 \n") == 7
    with pytest.raises(ValueError, match="no 'summary:' or 'totals:' line"):
        parse_total("events: Ir\nsummary: n/a\nfn=summary: 3\n")


def test_per_request_is_the_extra_count_over_the_extra_requests() -> None:
    assert per_request({1: 1_000, 2: 1_600}, items=100) == 6.0
    assert per_request({2: 1_600, 1: 1_000}, items=100) == 6.0
    assert per_request({1: 100, 3: 700}, items=100) == 3.0
    for counts, items in (({1: 100}, 10), ({1: 100, 2: 200, 3: 300}, 10), ({1: 100, 2: 200}, 0)):
        with pytest.raises(ValueError, match="two different numbers of runs"):
            per_request(counts, items=items)
    with pytest.raises(ValueError, match=r"2 runs counted 100, not more than 1 runs \(100\)"):
        per_request({1: 100, 2: 100}, items=10)


def test_children_run_the_child_module_under_callgrind_alike(tmp_path: Path) -> None:
    child = Child("ours", "lean", 2, 300, 32, "http://127.0.0.1:9")
    assert child.argv() == [
        sys.executable, "-m", "benchmarks.work_child", "--target", "ours", "--mode", "lean", "--runs", "2",
        "--items", "300", "--concurrency", "32", "--base-url", "http://127.0.0.1:9",
    ]  # fmt: skip
    out = tmp_path / "cg.out"
    assert callgrind_command("/usr/bin/valgrind", out, ["python", "-c", "pass"]) == [
        "/usr/bin/valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", "--", "python", "-c", "pass",
    ]  # fmt: skip
    env = child_environment({"PATH": "/bin", "PYTHONHASHSEED": "random"})
    assert env == {"PATH": "/bin", "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"}


def test_work_rows_are_requests_per_billion_instructions_with_the_bulk_budget() -> None:
    counts = {
        "warm": {"raw": {1: 1_000_000_000, 2: 1_240_000_000}, "ours": {1: 1_100_000_000, 2: 1_340_000_000}},
        "fresh": {"raw": {1: 500, 2: 800}, "ours": {1: 600, 2: 1_000}},
    }
    warm, fresh = work_rows(counts, items=100, concurrency=32)
    assert warm.metric == "bulk delete x100 @32, warm pool of 20, work (callgrind)"
    assert warm.unit == "req per 10^9 instr"
    assert (warm.ours, warm.raw, warm.ratio) == (1e9 / 2.4e6, 1e9 / 2.4e6, 1.0)
    assert warm.budget == BULK_BUDGET
    assert warm.passed is True
    assert fresh.metric == "bulk delete x100 @32, new client, work (callgrind)"
    # raw: 3 instructions per request, ours: 4; ours does a third more work: 0.75x the rate.
    assert fresh.ratio == pytest.approx(0.75)
    assert fresh.passed is False


def test_measure_work_counts_every_child_once_and_groups_the_totals(monkeypatch: pytest.MonkeyPatch) -> None:
    counted: list[tuple[str, str, int]] = []

    def fake_count(argv: list[str], *, valgrind_path: str) -> int:
        assert valgrind_path == "/bin/valgrind"
        target, mode, runs = (argv[argv.index(flag) + 1] for flag in ("--target", "--mode", "--runs"))
        counted.append((target, mode, int(runs)))
        return {"raw": 1_000, "ours": 3_000}[target] + 100 * int(runs) + {"warm": 0, "lean": 10}[mode]

    monkeypatch.setattr(work, "count_instructions", fake_count)
    counts = measure_work(
        ["raw", "ours"], "http://127.0.0.1:9", items=5, concurrency=2, valgrind_path="/bin/valgrind"
    )
    assert DEFAULT_MODES == ("warm", "lean")
    assert sorted(counted) == sorted(
        (target, mode, runs) for target in ("raw", "ours") for mode in DEFAULT_MODES for runs in (1, 2)
    )
    assert counts == {
        "warm": {"raw": {2: 1_200, 1: 1_100}, "ours": {2: 3_200, 1: 3_100}},
        "lean": {"raw": {2: 1_210, 1: 1_110}, "ours": {2: 3_210, 1: 3_110}},
    }


def test_a_new_client_is_counted_only_when_asked_for() -> None:
    assert work._parser().parse_args([]).modes == "warm,lean"
    assert work._parser().parse_args(["--modes", "fresh"]).modes == "fresh"
    assert MODES == ("fresh", "warm", "lean")


@pytest.mark.parametrize("mode", MODES)
def test_the_child_makes_the_runs_it_is_asked_for(base_url: str, mode: str) -> None:
    assert asyncio.run(run_bulk("ours", mode, base_url, items=6, concurrency=3, runs=2)) == 2
    assert asyncio.run(run_bulk("raw", mode, base_url, items=6, concurrency=3, runs=1)) == 1
    with pytest.raises(ValueError, match="unknown mode 'cold': one of fresh, warm, lean"):
        asyncio.run(run_bulk("raw", "cold", base_url, items=6, concurrency=3, runs=1))


def test_the_child_command_line_runs_and_says_what_it_made(base_url: str) -> None:
    child = Child("raw", "warm", 2, 5, 2, base_url)
    completed = subprocess.run(child.argv(), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == "raw warm: 2 runs of 5\n"


def test_main_refuses_bad_arguments_and_a_missing_valgrind_before_counting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert work.main(["--modes", "warm,cold"]) == 2
    assert capsys.readouterr().err == "--modes: unknown ['cold']; choose from fresh, warm, lean\n"
    assert work.main(["--modes", " , "]) == 2
    assert capsys.readouterr().err == "--modes: none given; choose from fresh, warm, lean\n"
    assert work.main(["--items", "0"]) == 2
    assert capsys.readouterr().err == "--items and --concurrency must be >= 1 (got 0 and 32)\n"
    assert work.main(["--concurrency", "0"]) == 2
    assert capsys.readouterr().err == "--items and --concurrency must be >= 1 (got 300 and 0)\n"
    monkeypatch.setattr(work, "valgrind", lambda: None)
    assert work.main(["--modes", "warm"]) == 2
    assert (
        "valgrind is not installed: install it (Debian: apt-get install valgrind)" in capsys.readouterr().err
    )


@pytest.mark.skipif(valgrind() is None, reason="valgrind is not installed")
def test_a_real_count_grows_with_the_work_done() -> None:
    path = valgrind()
    assert path is not None

    def loop(times: int) -> int:
        return count_instructions(
            [sys.executable, "-S", "-c", f"for _ in range({times}): pass"], valgrind_path=path
        )

    small, large = loop(100_000), loop(300_000)
    per_iteration = (large - small) / 200_000
    assert 5 < per_iteration < 500, per_iteration  # a bytecode loop step: tens of instructions
    with pytest.raises(RuntimeError, match="failed"):
        count_instructions([sys.executable, "-S", "-c", "raise SystemExit(3)"], valgrind_path=path)
