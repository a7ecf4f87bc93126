"""Smoke tests of the ``make bench`` harness (``benchmarks/``) with tiny sizes.

They check that every measurement runs, for both the wrapper ("ours") and raw httpx, and returns
well-formed numbers; none asserts a time.
"""

from __future__ import annotations

import asyncio
import functools
import json
import math
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

# `benchmarks/` is a top-level folder, not an installed package: make it importable under plain
# `pytest` as well as `python -m pytest` (which puts the working directory on sys.path).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.allocations import measure_counts
from benchmarks.bulk import measure_fresh, measure_warm
from benchmarks.cli import main
from benchmarks.cli_start import console_script, measure_cli_start
from benchmarks.import_time import HTTPX_CLI_EXTRAS, measure_imports, parse_cumulative_us
from benchmarks.memory import measure_peak_rss
from benchmarks.per_call import METHOD, measure_per_call
from benchmarks.report import BULK_BUDGET, PER_CALL_BUDGET, Row, format_table
from benchmarks.server import LIST_SIZE, RESPONSE_BODY, running_server
from benchmarks.targets import (
    OPERATIONS,
    PoolPin,
    bulk_items,
    bulk_target,
    delete_path,
    get_path,
    list_path,
    pin_pool,
    sync_targets,
    wrapper_available,
)

TARGETS = ["raw", "ours"]


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_server() as url:
        yield url


def test_the_wrapper_is_importable_so_nothing_below_is_raw_only() -> None:
    assert wrapper_available()


def test_server_answers_every_request_with_the_fixed_delete_response(base_url: str) -> None:
    with httpx.Client(base_url=base_url) as client:
        responses = [client.delete(delete_path("gpt-oss-120b", version)) for version in (1, 2, 3)]
    for response in responses:
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert response.headers["content-length"] == str(len(RESPONSE_BODY))
        assert response.json() == {"message": "Model version 1 deleted"}
    assert len({response.headers["x-request-id"] for response in responses}) == 3
    assert responses[0].http_version == "HTTP/1.1"


def test_server_answers_gets_with_one_version_or_a_list(base_url: str) -> None:
    with httpx.Client(base_url=base_url) as client:
        one = client.get(get_path("gpt-oss-120b", 1)).json()
        many = client.get(list_path("gpt-oss-120b")).json()
    assert one["name"] == "orgs/my-org/models/gpt-oss-120b/versions/1"
    assert one["done"] is True
    assert len(many["model_versions"]) == LIST_SIZE == 1000
    assert many["model_versions"][0] == one


def test_parse_cumulative_us_takes_the_top_level_line() -> None:
    stderr = (
        "import time: self [us] | cumulative | imported package\n"
        "import time:       120 |        120 |   httpx._types\n"
        "import time:       300 |      42000 | httpx\n"
    )
    assert parse_cumulative_us(stderr, "httpx") == 42000
    with pytest.raises(ValueError, match="no top-level"):
        parse_cumulative_us(stderr, "cerebras_management")


@pytest.mark.parametrize("hide", [(), HTTPX_CLI_EXTRAS])
def test_import_samples_are_positive_numbers(hide: tuple[str, ...]) -> None:
    modules = ["httpx", "cerebras_management"]
    samples = measure_imports(modules, repeats=1, hide=hide)
    assert set(samples) == set(modules)
    for series in samples.values():
        assert len(series) == 1
        assert series[0].cumulative_us > 0
        assert series[0].wall_us >= series[0].cumulative_us


def test_cli_start_times_the_installed_console_script_and_the_httpx_import() -> None:
    assert console_script() is not None, "make install puts cerebras-management in .venv/bin"
    samples = measure_cli_start(repeats=1)
    assert set(samples) == {"raw", "ours"}
    assert all(len(series) == 1 and series[0] > 0 for series in samples.values())


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("target", TARGETS)
def test_per_call_times_every_call(base_url: str, target: str, operation: str) -> None:
    with sync_targets(base_url, operation=operation, include_ours=target == "ours") as targets:
        samples = measure_per_call({target: targets[target]}, rounds=2, calls_per_block=5, warmup=2)
    mine = samples.targets[target]
    assert len(mine.call_ns) == len(mine.collector_ns) == 10
    assert all(isinstance(ns, int) and ns > 0 for ns in mine.call_ns)
    assert all(0 <= inside <= call for inside, call in zip(mine.collector_ns, mine.call_ns, strict=True))
    if operation == "list":  # 1,000 versions allocate thousands of containers: the collector runs
        assert mine.collections[0] >= 10
        assert sum(mine.collector_ns) > 0


def test_ours_returns_typed_results_of_the_same_data(base_url: str) -> None:
    with sync_targets(base_url, operation="list") as targets:
        raw, ours = targets["raw"](), targets["ours"]()
    assert isinstance(raw, dict)
    assert isinstance(ours, list)
    assert [version.to_dict() for version in ours] == raw["model_versions"]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("pin", [None, PoolPin(), PoolPin(max_connections=2)], ids=["defaults", "20", "2"])
def test_bulk_returns_requests_per_second(base_url: str, target: str, pin: PoolPin | None) -> None:
    factory = functools.partial(bulk_target, target, base_url, 4, pin)
    fresh = asyncio.run(measure_fresh({target: factory}, bulk_items(20), repeats=2))
    warm = asyncio.run(measure_warm({target: factory}, bulk_items(20), repeats=3))
    assert (len(fresh[target]), len(warm[target])) == (2, 3)
    assert all(math.isfinite(rps) and rps > 0 for rps in fresh[target] + warm[target])


def test_pin_pool_stops_idle_connections_expiring_and_caps_the_pool() -> None:
    client = httpx.AsyncClient()
    pool = client._transport._pool  # type: ignore[attr-defined]
    assert (pool._keepalive_expiry, pool._max_connections) == (5.0, 100)  # httpx's defaults
    pin_pool(client, PoolPin())
    assert (pool._keepalive_expiry, pool._max_connections) == (None, 100)
    pin_pool(client, PoolPin(max_connections=10))
    assert (pool._keepalive_expiry, pool._max_connections) == (None, 10)
    with pytest.raises(RuntimeError, match="cannot pin the pool"):
        pin_pool(httpx.AsyncClient(transport=httpx.MockTransport(lambda _: httpx.Response(200))), PoolPin())


@pytest.mark.parametrize("target", TARGETS)
def test_peak_rss_is_measured_in_a_child_process(base_url: str, target: str) -> None:
    samples = measure_peak_rss([target], base_url, items=20, concurrency=4, repeats=1)
    (sample,) = samples[target]
    assert 0 < sample.setup_kib <= sample.peak_kib


def test_reading_the_typed_list_makes_the_collector_count_no_more_than_json_loads(base_url: str) -> None:
    # The budget's lever, as counts: each version's model is made as its JSON is freed (one-pass
    # reader) or in place of JSON (msgspec), and no model makes an empty dict. Before, the one-pass
    # reader had 7,090 containers alive at its peak against raw httpx's 3,080.
    counts = measure_counts(base_url, "list", calls=5)
    raw = counts["raw"]
    assert raw.peak > 3 * LIST_SIZE  # two dicts and a list per version
    readers = [name for name in counts if name != "raw"]  # "ours", and "ours-one-pass" with msgspec
    assert "ours" in readers
    for name in readers:
        assert counts[name].peak - raw.peak < LIST_SIZE / 5, (name, counts[name], raw)
        assert counts[name].left - raw.left < LIST_SIZE / 5, (name, counts[name], raw)


def _cells(table: str) -> list[str]:
    """The cells of a one-row table's row."""
    return [cell.strip() for cell in table.splitlines()[2].split("|")[1:-1]]


def test_report_rows_and_table() -> None:
    rows = [
        Row("one delete", "us", 105.0, 100.0, PER_CALL_BUDGET),
        Row("bulk", "req/s", 800.0, 1000.0, BULK_BUDGET),
        Row("peak RSS", "MiB", None, 40.0),
    ]
    assert rows[0].passed is True
    assert rows[1].passed is False
    assert rows[2].ratio is None
    assert rows[2].passed is None
    paired = Row("bulk", "req/s", 800.0, 1000.0, BULK_BUDGET, paired_ratio=0.96)
    assert (paired.ratio, paired.passed, paired.as_dict()["ratio"]) == (0.96, True, 0.96)
    assert Row("bulk", "req/s", None, 1000.0, BULK_BUDGET, paired_ratio=0.96).ratio is None
    table = format_table(rows)
    assert table.count("\n") == 4
    assert "FAIL" in table
    assert "1.05x" in table
    assert table.splitlines()[0].endswith("| GC share, ours / raw |")
    assert [line.rsplit("|", 2)[1].strip() for line in table.splitlines()[2:]] == ["-", "-", "-"]
    per_call = Row("list", "us", 3000.0, 2000.0, PER_CALL_BUDGET, gc_share_ours=0.234, gc_share_raw=0.151)
    assert _cells(format_table([per_call]))[-2:] == ["FAIL", "23% / 15%"]
    assert per_call.as_dict()["gc_share"] == {"ours": 0.234, "raw_httpx": 0.151}
    assert rows[0].as_dict()["gc_share"] is None
    raw_only = Row("list", "us", None, 2000.0, PER_CALL_BUDGET, gc_share_raw=0.151)
    assert _cells(format_table([raw_only]))[-2:] == ["n/a", "n/a / 15%"]


@pytest.mark.timeout(300)  # the whole harness at tiny sizes: seconds, more on a busy machine
def test_cli_quick_run_writes_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "bench.json"
    assert main(["--quick", "--output", str(output)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("machine: ")
    assert printed.splitlines()[1] == METHOD + "."
    report = json.loads(output.read_text(encoding="utf-8"))
    assert report["wrapper_measured"] is True
    assert report["machine"]["nproc"] >= 1
    # With msgspec (the `speedups` extra, in the dev install) a get and a list have a row per reader.
    per_reader = 2 if report["details"]["speedups_installed"] else 1
    assert [row["metric"].split(",")[0].split(" x")[0] for row in report["results"]] == [
        "import",
        "import",
        "one delete",
        *["one get"] * per_reader,
        *["list of 1"] * per_reader,
        "bulk delete",
        "bulk delete",
        "bulk delete",
        "peak RSS",
        "CLI start",
    ]
    assert [row["metric"] for row in report["results"] if row["metric"].startswith("bulk")] == [
        f"bulk delete x20 @4, {pool}, medians; ratio: median of pairs"
        for pool in ("new client", "warm pool of 20", "warm pool of 10")
    ]
    per_call_rows = [row for row in report["results"] if row["metric"].startswith(("one ", "list "))]
    assert len(per_call_rows) == 1 + 2 * per_reader
    assert all(row["metric"].endswith(", median + GC") for row in per_call_rows)
    for row in report["results"]:
        assert row["raw_httpx"] > 0
        assert row["ours"] > 0
        assert row["ratio"] > 0
        if row in per_call_rows:
            assert 0 <= row["gc_share"]["ours"] < 1
            assert 0 <= row["gc_share"]["raw_httpx"] < 1
        else:
            assert row["gc_share"] is None
    assert report["details"]["per_call_method"] == {
        "method": METHOD,
        "blocks": {
            "delete": {"rounds": 1, "calls_per_block": 5},
            "get": {"rounds": 1, "calls_per_block": 5},
            "list": {"rounds": 1, "calls_per_block": 1},
        },
    }
    counts = report["gc_counts"]
    assert {op: list(by_target) for op, by_target in counts.items()} == {
        "delete": ["raw", "ours"],
        **{op: ["raw", "ours", "ours-one-pass"] for op in ("get", "list")},
    }
    for by_target in counts.values():
        assert all(
            c["peak"] >= c["left"] > 0 and len(c["collections_per_100"]) == 3 for c in by_target.values()
        )
    assert counts["list"]["raw"]["left"] > LIST_SIZE * 3  # a dict, a dict and a list per version
    assert "GC work per call (counts, not timed):" in printed
    (list_process,) = report["details"]["per_call_processes"]["list"]
    assert list_process["targets"]["raw"]["calls"] == 1
    assert list_process["targets"]["raw"]["collections"][0] >= 3  # 1,000 versions of JSON: collected
