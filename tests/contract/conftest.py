"""Contract-suite fixtures (the target server) and the per-operation case-count summary."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import contract_recording
import pytest
from cerebras_management.testing import MockServer
from contract_support import (
    CASE_COUNTS,
    MOCK_DISPOSABLE,
    READ_CAP,
    SEED_ARCH,
    SEED_ENDPOINT,
    Target,
    disposable_from_env,
    staging_url,
)


@pytest.fixture
def target(stop_later: Callable[[MockServer], None]) -> Iterator[Target]:
    """A fresh, seeded mock (writes allowed), or the server CONTRACT_BASE_URL names."""
    replaying = contract_recording.replay_dir()
    if replaying is not None:
        meta = contract_recording.replay_meta()
        yield Target(
            meta["base_url"],
            contract_recording.REPLAY_API_KEY,
            meta["org_name"],
            is_mock=False,
            allow_writes=False,
        )
        return
    url = staging_url()
    if url is None:
        server = MockServer().start()
        contract_recording.add_key(server.api_key)
        server.add_model_version(SEED_ARCH, aliases=["contract-a"])  # 1
        server.add_model_version(SEED_ARCH, aliases=["contract-b"])  # 2
        serving = server.add_model_version(SEED_ARCH, aliases=["contract-serving"])  # 3
        server.add_deployment(SEED_ENDPOINT, SEED_ARCH, serving)
        yield Target(
            server.url,
            server.api_key,
            server.org_name,
            is_mock=True,
            allow_writes=True,
            disposable=MOCK_DISPOSABLE,
            server=server,
            upload_weight_uri="s3://contract-bucket/weights",
            disposable_endpoint=SEED_ENDPOINT,
        )
        stop_later(server)  # in the background (tests/conftest.py)
        return
    api_key = os.environ.get("CEREBRAS_MANAGEMENT_API_KEY")
    org_name = os.environ.get("CEREBRAS_ORG_NAME")
    if not api_key or not org_name:
        pytest.fail("CONTRACT_BASE_URL needs CEREBRAS_MANAGEMENT_API_KEY and CEREBRAS_ORG_NAME too")
    yield Target(
        base_url=url.rstrip("/"),
        api_key=api_key,
        org_name=org_name,
        is_mock=False,
        allow_writes=os.environ.get("CONTRACT_ALLOW_WRITES") == "1",
        disposable=disposable_from_env(),
        upload_weight_uri=os.environ.get("CONTRACT_UPLOAD_WEIGHT_URI") or None,
        upload_arch=os.environ.get("CONTRACT_UPLOAD_ARCH") or SEED_ARCH,
        disposable_endpoint=os.environ.get("CONTRACT_DISPOSABLE_ENDPOINT") or None,
        deploy_version=os.environ.get("CONTRACT_DEPLOY_VERSION") or None,
    )


def pytest_report_header(config: pytest.Config) -> list[str]:  # noqa: ARG001
    reads = (
        f"reads: every architecture, up to {READ_CAP} versions of each (CONTRACT_READ_CAP), every endpoint"
    )
    lines = []
    replaying, recording = contract_recording.replay_dir(), contract_recording.record_dir()
    if replaying is not None:
        return [
            f"contract target: the client scenarios recorded under {replaying}, replayed, network blocked"
        ]
    url = staging_url()
    if url is None:
        lines.append(f"contract target: fresh in-process mock servers; {reads}")
    else:
        writes = (
            "allowed" if os.environ.get("CONTRACT_ALLOW_WRITES") == "1" else "NOT allowed: writes skipped"
        )
        lines.append(f"contract target: {url} (writes {writes}); {reads}")
    if recording is not None:
        lines.append(f"recording every response, redacted, into {recording} (CONTRACT_RECORD)")
    return lines


def pytest_sessionstart(session: pytest.Session) -> None:  # noqa: ARG001
    contract_recording.start_recording()


def pytest_sessionfinish(session: pytest.Session) -> None:  # noqa: ARG001
    contract_recording.finish()


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    """The recording's cassettes (pytest-recording's default, beside the test module, otherwise)."""
    directory = contract_recording.cassette_dir()
    if directory is not None:
        return str(directory)
    return str(request.path.parent / "cassettes" / request.path.stem)


@pytest.fixture
def vcr_config() -> dict[str, Any]:
    """Redact before a cassette is written; match a request by method, path and query."""
    return contract_recording.vcr_config()


@pytest.fixture(scope="session")
def record_mode(request: pytest.FixtureRequest) -> str:
    """``--record-mode``, else ``all`` while recording and ``none`` otherwise (a replay never records)."""
    chosen = request.config.getoption("--record-mode", default=None)
    if chosen:
        return str(chosen)
    return "all" if contract_recording.record_dir() is not None else "none"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    contract_recording.summary(terminalreporter)
    if not CASE_COUNTS:
        return
    terminalreporter.section("contract cases per operation")
    totals: Counter[str] = Counter()
    for (operation, suite), counts in sorted(CASE_COUNTS.items()):
        totals[operation] += counts["total"]
        terminalreporter.write_line(f"{operation}  [{suite}]: {counts['total']} cases")
        for group in ("phase", "mode", "method", "status", "via"):
            parts = [
                f"{k.split(':', 1)[1]}={n}" for k, n in sorted(counts.items()) if k.startswith(group + ":")
            ]
            if parts:
                terminalreporter.write_line(f"    {group + ':':<8} {', '.join(parts)}")
    for operation, total in sorted(totals.items()):
        terminalreporter.write_line(f"{operation}  TOTAL: {total} cases")
