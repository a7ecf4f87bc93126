"""What ``mypy --strict`` makes of a user's script: raw responses, both waiter forms, rejected mixes.

The scripts are written to ``tmp_path`` and checked by one mypy run from there (so the project's own
mypy configuration plays no part), as a user's file importing the installed package. ``assert_type``
fails the run when a type is wider (``Any``) or different; each call that must be rejected carries
``# type: ignore[call-overload]``, which ``--strict`` (``warn_unused_ignores``) reports as unused if
mypy accepted the call.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RAW_TYPES = """
from typing import assert_type

from cerebras_management import AsyncManagementClient, DeletedModelVersion, ManagementClient, RawResponse
from cerebras_management.types import (
    DeployedModel, Deployment, Endpoint, EndpointStatus, ModelVersion, ModelVersionAliases,
)


def sync_calls(client: ManagementClient) -> None:
    raw = client.model_versions.with_raw_response
    assert_type(raw.get("gpt-oss-120b", 3), RawResponse[ModelVersion])
    assert_type(raw.get("gpt-oss-120b", 3).parse(), ModelVersion)
    assert_type(raw.list("gpt-oss-120b"), RawResponse[list[ModelVersion]])
    assert_type(raw.upload("gpt-oss-120b", "s3://b/w/", aliases=["x"]), RawResponse[ModelVersion])
    assert_type(raw.set_aliases("gpt-oss-120b", 3, ["x"]), RawResponse[ModelVersionAliases])
    assert_type(raw.delete("gpt-oss-120b", 3, missing_ok=True), RawResponse[DeletedModelVersion])
    assert_type(client.models.with_raw_response.list(), RawResponse[list[str]])
    assert_type(client.endpoints.with_raw_response.list(), RawResponse[list[Endpoint]])
    assert_type(client.endpoints.with_raw_response.get("e"), RawResponse[EndpointStatus])
    assert_type(client.endpoints.with_raw_response.deploy("e", "a", 1), RawResponse[Deployment])
    response = raw.get("gpt-oss-120b", 3)
    assert_type(response.request_id, str | None)
    assert_type(response.status_code, int)
    assert_type(response.attempts, int)
    assert_type(response.elapsed, float)

    version = client.model_versions.upload("gpt-oss-120b", "s3://b/w/")
    assert_type(client.model_versions.wait(version), ModelVersion)
    assert_type(client.model_versions.wait(version, timeout=60, poll_interval=1), ModelVersion)
    assert_type(client.model_versions.wait("gpt-oss-120b", 3, org_name="o"), ModelVersion)
    assert_type(client.model_versions.wait(model_arch_id="a", version_id="prod"), ModelVersion)
    deployment = client.endpoints.deploy("e", "a", 1)
    assert_type(client.endpoints.wait_for_deployment(deployment), DeployedModel)
    assert_type(client.endpoints.wait_for_deployment("e", deployment.name, timeout=5), DeployedModel)


async def async_calls(client: AsyncManagementClient) -> None:
    raw = client.model_versions.with_raw_response
    assert_type(await raw.get("gpt-oss-120b", 3), RawResponse[ModelVersion])
    assert_type((await raw.get("gpt-oss-120b", 3)).parse(), ModelVersion)
    assert_type(await raw.delete("gpt-oss-120b", 3), RawResponse[DeletedModelVersion])
    assert_type(await client.models.with_raw_response.list(), RawResponse[list[str]])
    assert_type(await client.endpoints.with_raw_response.deploy("e", "a", 1), RawResponse[Deployment])
    version = await client.model_versions.upload("gpt-oss-120b", "s3://b/w/")
    assert_type(await client.model_versions.wait(version), ModelVersion)
    assert_type(await client.model_versions.wait("gpt-oss-120b", 3), ModelVersion)
    deployment = await client.endpoints.deploy("e", "a", 1)
    assert_type(await client.endpoints.wait_for_deployment(deployment), DeployedModel)
    assert_type(await client.endpoints.wait_for_deployment("e", "d"), DeployedModel)
"""

MIXES = """
from cerebras_management import AsyncManagementClient, ManagementClient


def sync_mixes(client: ManagementClient) -> None:
    version = client.model_versions.get("gpt-oss-120b", 3)
    deployment = client.endpoints.deploy("e", "a", 1)
    client.model_versions.wait(version, 3)  # type: ignore[call-overload]
    client.model_versions.wait(version, org_name="o")  # type: ignore[call-overload]
    client.model_versions.wait(version, version_id=3)  # type: ignore[call-overload]
    client.model_versions.wait("gpt-oss-120b")  # type: ignore[call-overload]
    client.model_versions.wait(deployment)  # type: ignore[call-overload]
    client.endpoints.wait_for_deployment(deployment, "d")  # type: ignore[call-overload]
    client.endpoints.wait_for_deployment("e")  # type: ignore[call-overload]
    client.endpoints.wait_for_deployment(version)  # type: ignore[call-overload]


async def async_mixes(client: AsyncManagementClient) -> None:
    version = await client.model_versions.get("gpt-oss-120b", 3)
    deployment = await client.endpoints.deploy("e", "a", 1)
    await client.model_versions.wait(version, 3)  # type: ignore[call-overload]
    await client.endpoints.wait_for_deployment(deployment, "d")  # type: ignore[call-overload]
"""

#: mypy's incremental cache, kept between runs (git-ignored; the docs-blocks test has its own): a cold
#: cache re-checks httpx and the whole package each run. The three scripts are checked anew regardless,
#: as mypy re-checks any file whose contents changed.
MYPY_CACHE = ROOT / ".mypy_cache" / "user-typing"


def test_a_users_script_types_raw_responses_and_both_waiter_forms(tmp_path: Path) -> None:
    (tmp_path / "raw_types.py").write_text(RAW_TYPES, encoding="utf-8")
    (tmp_path / "mixes.py").write_text(MIXES, encoding="utf-8")
    workflow = (ROOT / "examples" / "workflow_typed.py").read_text(encoding="utf-8")
    (tmp_path / "workflow_typed.py").write_text(workflow, encoding="utf-8")
    files = ["raw_types.py", "mixes.py", "workflow_typed.py"]
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(MYPY_CACHE), *files],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "Success: no issues found in 3 source files"
