"""Fixtures of the evidence tests: a recording contract run against a drifting stand-in for staging
(one per test session: the verify tests share it), and its evidence."""

from __future__ import annotations

import json
from typing import Any

import pytest
from evidence_support import Run, contract_run, drifting_server


@pytest.fixture(scope="session")
def drift_recording(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """One recording run against the drifting server (CONTRACT_RECORD), shared by the verify tests."""
    directory = tmp_path_factory.mktemp("drift-recording") / "run"
    with drifting_server() as server:
        return contract_run(
            server.url, server.api_key, server.org_name, directory, CONTRACT_RECORD=str(directory)
        )


@pytest.fixture(scope="session")
def drift_evidence(drift_recording: Run) -> dict[str, Any]:
    """The evidence.json of that run."""
    evidence: dict[str, Any] = json.loads((drift_recording.directory / "evidence.json").read_text("utf-8"))
    return evidence
