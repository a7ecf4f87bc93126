"""examples/guide.py, run as a user runs it (a fresh interpreter, the environment naming the server),
against the mock; its effects checked on the mock's side."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cerebras_management.testing import MockServer

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "examples" / "guide.py"
ARCH = "gpt-oss-120b"
ENDPOINT = "my-org-gpt-oss-120b"


def _run(server: MockServer, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CEREBRAS_MANAGEMENT_API_KEY": server.api_key,
        "CEREBRAS_ORG_NAME": server.org_name,
        "CEREBRAS_MANAGEMENT_BASE_URL": server.url,
        "CEREBRAS_MANAGEMENT_LOG": "",
    }
    return subprocess.run(
        [sys.executable, str(GUIDE), *args], env=env, capture_output=True, text=True, timeout=90
    )


def test_guide_script_moves_production_deploys_and_keeps_the_newest_three() -> None:
    with MockServer(
        sync_after_reads=None, sync_after_seconds=0.001, rollout_after_reads=None, rollout_after_seconds=0.001
    ) as server:
        old = [server.add_model_version(ARCH) for _ in range(4)]  # 1..4
        server.add_model_version(ARCH, aliases=["production", "v1"])  # 5 holds production
        result = _run(server, "s3://my-bucket/fine-tuned/", ARCH, ENDPOINT, "--keep", "3")
        assert result.returncode == 0, result.stderr
        new = f"orgs/{server.org_name}/models/{ARCH}/versions/6"
        assert f"uploaded {new}" in result.stdout
        assert f"{ENDPOINT} serves {new} (production)" in result.stdout
        # production moved: off version 5 (its other alias kept), onto the new one
        assert server.model_version(ARCH, 5)["response"]["version_aliases"] == ["v1"]
        assert server.model_version(ARCH, 6)["response"]["version_aliases"] == ["production"]
        # the endpoint serves the new version, complete
        served = [(m["model"], m["state"]) for m in server.endpoint(ENDPOINT)["deployed_models"]]
        assert served == [(new, "complete")]
        # the newest three (4, 5, 6) stay; 1..3 were deleted
        assert [v for v in old if server.has_model_version(ARCH, v)] == [4]
        assert server.has_model_version(ARCH, 5)
        assert server.has_model_version(ARCH, 6)
        for gone in (1, 2, 3):
            assert f"deleted orgs/{server.org_name}/models/{ARCH}/versions/{gone}" in result.stdout


def test_guide_script_reports_a_failed_sync_and_stops_before_deploying() -> None:
    with MockServer(sync_after_reads=None, sync_after_seconds=0.001) as server:
        server.fail_next_sync(message="AccessDenied reading s3://my-bucket/broken/")
        result = _run(server, "s3://my-bucket/broken/")
        assert result.returncode == 1
        assert "the sync failed: AccessDenied reading s3://my-bucket/broken/" in result.stderr
        assert not any(r.operation_id == "deployModel" for r in server.requests)
