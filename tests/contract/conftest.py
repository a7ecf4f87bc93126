"""Contract-suite fixtures (the target server) and the per-operation case-count summary."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from cerebras_management.testing import MockServer
from contract_support import (
    CASE_COUNTS,
    MOCK_DISPOSABLE,
    SEED_ARCH,
    SEED_ENDPOINT,
    Target,
    disposable_from_env,
    staging_url,
)


@pytest.fixture
def target(stop_later: Callable[[MockServer], None]) -> Iterator[Target]:
    """A fresh, seeded mock (writes allowed), or the server CONTRACT_BASE_URL names."""
    url = staging_url()
    if url is None:
        server = MockServer().start()
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


def pytest_report_header(config: pytest.Config) -> str:  # noqa: ARG001
    url = staging_url()
    if url is None:
        return "contract target: fresh in-process mock servers"
    writes = "allowed" if os.environ.get("CONTRACT_ALLOW_WRITES") == "1" else "NOT allowed: writes skipped"
    return f"contract target: {url} (writes {writes})"


def pytest_terminal_summary(terminalreporter: Any) -> None:
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
