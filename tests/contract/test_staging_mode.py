"""Staging mode, shown against a mock that stands in for staging.

A mock started with ``response_style="documented-example"`` answers DELETE the way the published
example does (``{"name": ..., "deleted": true}``, which violates ``ModelVersionDeleteResponse``). The
strict suite must report that, naming the operation, the check and the response; without
CONTRACT_ALLOW_WRITES=1 it must send that server reads only; and with it, writes only to what the run
created or was given as disposable.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
from cerebras_management.testing import MockServer
from contract_recording import paused
from contract_support import DELETE_PATH, call_and_validate, load_schema, staging_url

pytestmark = [
    pytest.mark.contract,
    pytest.mark.skipif(staging_url() is not None, reason="these tests start their own stand-in for staging"),
]

HERE = Path(__file__).parent
REPO = HERE.parent.parent


@pytest.fixture
def drifting_server() -> Iterator[MockServer]:
    with MockServer(response_style="documented-example") as server:
        server.add_model_version("gpt-oss-120b", aliases=["disposable-a"])
        yield server


def run_suite(server: MockServer, tmp_path: Path, **extra_env: str) -> tuple[int, str, ElementTree.Element]:
    """Run the contract suite in a subprocess with CONTRACT_BASE_URL pointing at ``server``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CONTRACT_", "CEREBRAS_", "PYTEST_"))
    }
    env.update(
        CONTRACT_BASE_URL=server.url,
        CEREBRAS_MANAGEMENT_API_KEY=server.api_key,
        CEREBRAS_ORG_NAME=server.org_name,
        **extra_env,
    )
    report = tmp_path / "contract.xml"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(HERE),
            "-m",
            "contract",
            "-p",
            "no:cacheprovider",
            "-rs",
            f"--junitxml={report}",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return completed.returncode, completed.stdout + completed.stderr, ElementTree.parse(report).getroot()


def test_strict_check_catches_the_documented_example_drift(drifting_server: MockServer) -> None:
    operation = load_schema()[DELETE_PATH]["DELETE"]
    case = operation.Case(
        path_parameters={"org_name": "my-org", "model_arch_id": "gpt-oss-120b", "version_id": "disposable-a"}
    )
    with pytest.raises(AssertionError) as caught, paused():  # a stand-in server: not what a run records
        call_and_validate(case, drifting_server.url, {"Authorization": f"Bearer {drifting_server.api_key}"})
    message = str(caught.value)
    assert message.startswith(f"nonconformance in DELETE {DELETE_PATH}\n")
    assert "check response_schema_conformance failed: Response violates schema" in message
    assert (
        '-> 200 application/json {"name":"orgs/my-org/models/gpt-oss-120b/versions/1","deleted":true}'
        in message
    )
    assert "'message' is a required property" in message or '"message" is a required property' in message


READ_OPERATIONS = {
    "listModelArchitectures",
    "listModelVersions",
    "getModelVersion",
    "listEndpoints",
    "getEndpoint",
}


def test_staging_run_with_writes_fails_naming_the_delete_response(
    drifting_server: MockServer, tmp_path: Path
) -> None:
    code, output, report = run_suite(
        drifting_server,
        tmp_path,
        CONTRACT_ALLOW_WRITES="1",
        CONTRACT_DISPOSABLE_VERSIONS="gpt-oss-120b:disposable-a",
    )
    assert code == 1, output
    assert f"nonconformance in DELETE {DELETE_PATH}" in output
    assert "check response_schema_conformance failed" in output
    failures = [case for case in report.iter("testcase") if case.find("failure") is not None]
    assert [case.get("name") for case in failures] == [
        "test_delete_a_disposable_version[gpt-oss-120b-disposable-a]"
    ]
    failure = failures[0].find("failure")
    assert failure is not None
    assert "response_schema_conformance" in (failure.get("message", "") + (failure.text or ""))
    # Only spec operations reached the server: reads, and writes only on the disposable version.
    assert all(r.operation_id is not None for r in drifting_server.requests)
    assert {
        (r.method, r.operation_id, r.path_params.get("version_id"))
        for r in drifting_server.requests
        if r.operation_id not in READ_OPERATIONS
    } == {
        ("PATCH", "setModelVersionAliases", "disposable-a"),
        ("DELETE", "deleteModelVersion", "disposable-a"),
    }
    # Without CONTRACT_UPLOAD_WEIGHT_URI and CONTRACT_DISPOSABLE_ENDPOINT: no POST, and the skips say why.
    assert "CONTRACT_UPLOAD_WEIGHT_URI is not set: no upload is sent to" in output
    assert "CONTRACT_DISPOSABLE_ENDPOINT is not set: no deploy is sent to" in output


def test_staging_run_without_allow_writes_only_reads(drifting_server: MockServer, tmp_path: Path) -> None:
    code, output, report = run_suite(
        drifting_server,
        tmp_path,
        CONTRACT_DISPOSABLE_VERSIONS="gpt-oss-120b:disposable-a",
        CONTRACT_UPLOAD_WEIGHT_URI="s3://bucket/weights",
        CONTRACT_DISPOSABLE_ENDPOINT="my-org-gpt-oss-120b",
    )
    assert code == 0, output
    for what in ("PATCH", "DELETE", "upload (POST)", "deploy (POST)"):
        assert f"CONTRACT_ALLOW_WRITES is not 1: no {what} is sent to" in output
    assert drifting_server.requests  # the reads ran ...
    assert {r.operation_id for r in drifting_server.requests} <= READ_OPERATIONS  # ... and only reads
    assert {r.method for r in drifting_server.requests} == {"GET"}
    assert drifting_server.has_model_version("gpt-oss-120b", "disposable-a")
    assert int(report.iter("testsuite").__next__().get("skipped", "0")) > 0


def test_staging_run_with_an_upload_uri_and_a_disposable_endpoint(tmp_path: Path) -> None:
    # A conforming stand-in: everything passes, the upload is cleaned up, the deploy is a redeploy.
    with MockServer() as server:
        server.add_model_version("gpt-oss-120b", aliases=["keep"])
        serving = server.add_model_version("gpt-oss-120b", aliases=["serving"])
        server.add_deployment("my-org-gpt-oss-120b", "gpt-oss-120b", serving)
        code, output, _ = run_suite(
            server,
            tmp_path,
            CONTRACT_ALLOW_WRITES="1",
            CONTRACT_UPLOAD_WEIGHT_URI="s3://bucket/weights",
            CONTRACT_DISPOSABLE_ENDPOINT="my-org-gpt-oss-120b",
        )
        assert code == 0, output
        # Requests with the key (schemathesis' ignored_auth check also re-sends each one without it).
        sent = [r for r in server.requests if r.api_key == server.api_key]
        posts = [(r.operation_id, r.path_params) for r in sent if r.method == "POST"]
        assert posts == [
            ("uploadModelVersion", {"org_name": "my-org"}),
            ("deployModel", {"endpoint_id": "my-org-gpt-oss-120b"}),
        ]
        deletes = [r.path_params["version_id"] for r in sent if r.method == "DELETE"]
        assert deletes == ["3"]  # only the version the run uploaded
        assert not server.has_model_version("gpt-oss-120b", 3)
        assert server.has_model_version("gpt-oss-120b", "keep")
        deployed = server.endpoint("my-org-gpt-oss-120b")["deployed_models"]
        assert [d["model"] for d in deployed][-1] == f"orgs/my-org/models/gpt-oss-120b/versions/{serving}"
        assert "CONTRACT_DISPOSABLE_VERSIONS names no version" in output
