"""Helpers of the evidence tests: tools/ on the path, a drifting stand-in for staging, contract runs
in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from cerebras_management.testing import MockServer

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools"
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))

#: The recorded part of the contract suite: the reads against a target and the client scenarios
#: (the other modules only run against in-process mocks).
RECORDED_MODULES = ("tests/contract/test_target.py", "tests/contract/test_client_scenarios.py")
ARCH = "gpt-oss-120b"
OTHER_ARCH = "llama3.1-8b"


def drifting_server(**options: Any) -> MockServer:
    """A drift-mode mock (not started) seeded like an organization in use: 16 versions (some still
    syncing, half with a fingerprint suffix), 7 endpoints serving one of them, 2 never deployed to.

    Syncs and rollouts advance only when told, so every run of it answers the same.
    """
    server = MockServer(drift=True, sync_after_reads=None, rollout_after_reads=None, **options)
    for index in range(12):
        server.add_model_version(
            ARCH,
            aliases=[f"v{index}-a"],
            system_fingerprint_suffix="suffix" if index % 2 else None,
            sync_status="in_progress" if index % 4 == 0 else "done",
        )
    for _ in range(4):
        server.add_model_version(OTHER_ARCH)
    for index in range(7):
        server.add_endpoint(f"ep-{index}", ARCH)
        server.add_deployment(f"ep-{index}", ARCH, 2)
    return server


@dataclass
class Run:
    """A contract run in a subprocess: its exit code, output, JUnit outcomes and recording folder."""

    code: int
    output: str
    outcomes: dict[str, str]
    directory: Path


def contract_run(base_url: str, api_key: str, org_name: str, directory: Path, **env: str) -> Run:
    """Run the recorded part of the contract suite against ``base_url``, like `make contract` would."""
    clean = clean_env(
        CONTRACT_BASE_URL=base_url, CEREBRAS_MANAGEMENT_API_KEY=api_key, CEREBRAS_ORG_NAME=org_name, **env
    )
    return run_pytest(list(RECORDED_MODULES), clean, directory)


def run_pytest(args: list[str], env: dict[str, str], directory: Path) -> Run:
    """``python -m pytest ARGS -m contract`` in a subprocess, with a JUnit report."""
    report = directory.parent / f"{directory.name}-junit.xml"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            *args,
            "-m",
            "contract",
            "-p",
            "no:cacheprovider",
            f"--junitxml={report}",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    outcomes = {}
    for case in ElementTree.parse(report).getroot().iter("testcase"):
        failed = case.find("failure") is not None or case.find("error") is not None
        skipped = case.find("skipped") is not None
        outcomes[case.get("name", "")] = "failed" if failed else "skipped" if skipped else "passed"
    return Run(completed.returncode, completed.stdout + completed.stderr, outcomes, directory)


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without the run's CONTRACT_/CEREBRAS_/PYTEST_ variables, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONTRACT_", "CEREBRAS_", "PYTEST_"))}
    env.update(extra)
    return env
