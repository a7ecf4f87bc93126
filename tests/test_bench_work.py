"""The instruction counter of ``make bench-work`` (``benchmarks/work.py``, ``benchmarks/work_child.py``).

The arithmetic and the command lines are pinned exactly; the children are run for real (natively,
tiny sizes); and, where valgrind is installed, one real count shows that more work counts more.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import work, work_child
from benchmarks.report import BULK_BUDGET
from benchmarks.server import running_server
from benchmarks.targets import PoolPin
from benchmarks.work import (
    DEFAULT_MODES,
    Child,
    callgrind_command,
    child_environment,
    count_instructions,
    find_valgrind,
    measure_work,
    parse_total,
    per_request,
    work_rows,
)
from benchmarks.work_child import MODES, run_bulk

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_server() as url:
        yield url


def test_parse_total_takes_the_ir_column_of_the_summary_line_and_falls_back_to_totals() -> None:
    output = "version: 1\ncmd: python\nevents: Ir\nsummary: 5629941479\nfn=main\n3 12\ntotals: 5629941470\n"
    assert parse_total(output) == 5629941479
    assert parse_total("events: Ir\ntotals: 42\nsummary: 43\n") == 43
    assert parse_total("events: Ir\ntotals: 42\n") == 42
    assert parse_total("events: Ir\nsummary:  7 \n") == 7
    # Extra events (VALGRIND_OPTS=--cache-sim=yes): the Ir column, wherever it is.
    assert parse_total("events: Ir I1mr ILmr\nsummary: 900 12 3\n") == 900
    assert parse_total("events: Dr Ir\nsummary: 5 900\n") == 900
    with pytest.raises(ValueError, match="no 'summary:' or 'totals:' line"):
        parse_total("events: Ir\nsummary: n/a\nfn=summary: 3\n")
    with pytest.raises(ValueError, match="no 'Ir' column in the callgrind output \\(events: Dr\\)"):
        parse_total("events: Dr\nsummary: 5\n")
    with pytest.raises(ValueError, match="no 'Ir' column in the callgrind output \\(events: none\\)"):
        parse_total("summary: 5\n")


def test_per_request_is_the_extra_count_over_the_extra_requests() -> None:
    assert per_request({1: 1_000, 2: 1_600}, items=100) == 6.0
    assert per_request({2: 1_600, 1: 1_000}, items=100) == 6.0
    assert per_request({1: 100, 3: 700}, items=100) == 3.0
    for counts, items in (({1: 100}, 10), ({1: 100, 2: 200, 3: 300}, 10), ({1: 100, 2: 200}, 0)):
        with pytest.raises(ValueError, match="two different numbers of runs"):
            per_request(counts, items=items)
    with pytest.raises(
        ValueError, match=r"the 2-run child counted 1,100, no more than the 1-run child \(1,200\)"
    ):
        per_request({1: 1_200, 2: 1_100}, items=10)


def test_children_run_the_child_module_under_callgrind_alike(tmp_path: Path) -> None:
    child = Child("ours", "lean", 2, 300, 32, "http://127.0.0.1:9")
    assert child.says() == "ours lean: 2 runs of 300"
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

    def fake_count(argv: list[str], *, valgrind_path: str, says: str) -> int:
        assert valgrind_path == "/bin/valgrind"
        assert says == "{} {}: {} runs of 5".format(
            *(argv[argv.index(f) + 1] for f in ("--target", "--mode", "--runs"))
        )
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
    monkeypatch.setattr(work, "find_valgrind", lambda: None)
    assert work.main(["--modes", "warm"]) == 2
    assert (
        capsys.readouterr().err
        == "valgrind is not installed: install it (Debian: apt-get install valgrind)\n"
    )


@pytest.mark.skipif(find_valgrind() is None, reason="valgrind is not installed")
def test_a_real_count_grows_with_the_work_done() -> None:
    path = find_valgrind()
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


def test_each_mode_runs_its_own_pool_state_with_the_wall_clock_protocol(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[tuple[str, PoolPin | None]] = []
    runs: list[int] = []

    @contextlib.asynccontextmanager
    async def fake_target(
        name: str, base_url: str, concurrency: int, pin: PoolPin | None = None
    ) -> AsyncIterator[Any]:
        assert (base_url, concurrency) == ("http://127.0.0.1:9", 3)
        opened.append((name, pin))

        async def run(items: Sequence[Any]) -> list[None]:
            runs.append(len(items))
            return [None] * len(items)

        yield run

    monkeypatch.setattr(work_child, "bulk_target", fake_target)
    expected = {
        "fresh": [("ours", None), ("ours", None)],  # a new client per run, httpx's defaults
        "warm": [("ours", PoolPin())],  # one client: an untimed run, then the timed ones
        "lean": [("ours", PoolPin(max_connections=10))],
    }
    for mode, clients in expected.items():
        opened.clear()
        runs.clear()
        made = asyncio.run(run_bulk("ours", mode, "http://127.0.0.1:9", items=4, concurrency=3, runs=2))
        assert made == 2
        assert opened == clients
        assert runs == ([4, 4] if mode == "fresh" else [4, 4, 4])


def test_count_instructions_runs_the_child_under_callgrind_with_the_fixed_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[dict[str, Any]] = []
    behaviour = {"stdout": "raw warm: 2 runs of 5\n", "write": True, "code": 0}

    def fake_run(command: list[str], **options: Any) -> subprocess.CompletedProcess[str]:
        calls.append({"command": command, **options})
        out_file = Path(command[2].removeprefix("--callgrind-out-file="))
        if behaviour["write"]:
            out_file.write_text("events: Ir\nsummary: 1234\n", encoding="utf-8")
        return subprocess.CompletedProcess(command, int(behaviour["code"]), str(behaviour["stdout"]), "boom")

    monkeypatch.setattr(work.subprocess, "run", fake_run)
    monkeypatch.setenv("PYTHONHASHSEED", "random")
    argv = ["python", "-m", "benchmarks.work_child"]
    assert count_instructions(argv, valgrind_path="/bin/vg", says="raw warm: 2 runs of 5") == 1234
    (call,) = calls
    assert call["command"][:2] == ["/bin/vg", "--tool=callgrind"]
    assert call["command"][2].startswith("--callgrind-out-file=")
    assert call["command"][3:] == ["--", *argv]
    assert call["cwd"] == ROOT
    assert (call["env"]["PYTHONHASHSEED"], call["env"]["PYTHONDONTWRITEBYTECODE"]) == ("0", "1")
    assert call["timeout"] == work.CHILD_TIMEOUT == 3600.0
    with pytest.raises(RuntimeError, match="did not say 'raw warm: 3 runs of 5'"):
        count_instructions(argv, valgrind_path="/bin/vg", says="raw warm: 3 runs of 5")
    behaviour["write"] = False
    with pytest.raises(RuntimeError, match="failed:\nboom"):
        count_instructions(argv, valgrind_path="/bin/vg")
    behaviour["write"], behaviour["code"] = True, 1
    with pytest.raises(RuntimeError, match="failed:\nboom"):
        count_instructions(argv, valgrind_path="/bin/vg")


@pytest.fixture
def faked_counting(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """`work.main` with the server, the machine line and the counting faked; set ``counts`` to answer."""
    state: dict[str, Any] = {"counts": {}, "asked": []}

    @contextlib.contextmanager
    def fake_server() -> Iterator[str]:
        yield "http://127.0.0.1:9"

    def fake_measure(targets: Sequence[str], base_url: str, **options: Any) -> Any:
        state["asked"].append((list(targets), base_url, options))
        return state["counts"]

    monkeypatch.setattr(work, "running_server", fake_server)
    monkeypatch.setattr(work, "measure_work", fake_measure)
    monkeypatch.setattr(work, "find_valgrind", lambda: "/bin/vg")
    monkeypatch.setattr(work, "machine_info", lambda: {"cpu": "test"})
    monkeypatch.setattr(work, "machine_line", lambda _info: "test machine")
    return state


def test_main_prints_the_rows_and_writes_every_count(
    faked_counting: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    faked_counting["counts"] = {"warm": {"raw": {2: 3_000, 1: 1_000}, "ours": {2: 5_000, 1: 3_000}}}
    output = tmp_path / "work.json"
    assert work.main(["--items", "4", "--modes", "warm", "--output", str(output)]) == 0
    assert faked_counting["asked"] == [
        (
            ["raw", "ours"],
            "http://127.0.0.1:9",
            {"items": 4, "concurrency": 32, "modes": ["warm"], "valgrind_path": "/bin/vg"},
        )
    ]
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "machine: test machine"
    assert printed[3].startswith(
        "| bulk delete x4 @32, warm pool of 20, work (callgrind) (req per 10^9 instr) |"
    )
    assert [cell.strip() for cell in printed[3].split("|")[4:7]] == ["1.00x", ">= 0.95x", "pass"]
    payload = json.loads(output.read_text(encoding="utf-8"))
    assert payload["config"] == {"items": 4, "concurrency": 32, "modes": ["warm"], "runs": [1, 2]}
    assert payload["child_totals"] == {
        "warm": {"raw": {"2": 3_000, "1": 1_000}, "ours": {"2": 5_000, "1": 3_000}}
    }
    assert payload["instructions_per_request"] == {"warm": {"raw": 500.0, "ours": 500.0}}
    assert [row["ratio"] for row in payload["results"]] == [1.0]
    assert "error" not in payload


def test_main_keeps_the_counts_when_no_figure_can_be_made_from_them(
    faked_counting: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    faked_counting["counts"] = {"lean": {"raw": {2: 900, 1: 1_000}, "ours": {2: 5_000, 1: 3_000}}}
    output = tmp_path / "work.json"
    assert work.main(["--modes", "lean", "--output", str(output)]) == 1
    message = "the 2-run child counted 900, no more than the 1-run child (1,000)"
    assert capsys.readouterr().err == f"{message} (the counts are in {output})\n"
    payload = json.loads(output.read_text(encoding="utf-8"))
    assert payload["error"] == message
    assert payload["child_totals"] == {
        "lean": {"raw": {"2": 900, "1": 1_000}, "ours": {"2": 5_000, "1": 3_000}}
    }
    assert "results" not in payload
