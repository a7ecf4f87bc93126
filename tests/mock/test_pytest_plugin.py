"""The pytest plugin, used the way a user uses it: a temporary project run by pytest in a subprocess.

The project has no conftest.py: the fixtures must come from the ``pytest11`` entry point of the
installed package.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from cerebras_management.testing import RecordedRequest

USER_TESTS = """
import pytest
from cerebras_management import AsyncManagementClient, ManagementClient
from cerebras_management.testing import Fault, MockServer

ARCH = "gpt-oss-120b"
seen: dict[str, object] = {}


def test_upload_is_recorded(management_client: ManagementClient, management_mock: MockServer) -> None:
    version = management_client.model_versions.upload(ARCH, "s3://bucket/weights/", aliases=["prod"])
    assert version.name == "orgs/my-org/models/gpt-oss-120b/versions/1"
    request = management_mock.requests[-1]
    assert request.method == "POST"
    assert request.path == "/management/v1/orgs/my-org/models:upload"
    assert request.operation_id == "uploadModelVersion"
    assert request.json == {
        "model_arch_id": ARCH,
        "model": {"weight_uri": "s3://bucket/weights/", "version_aliases": ["prod"]},
    }
    assert request.api_key == management_mock.api_key
    management_mock.inject(Fault.status(503), times=5)  # left pending on purpose
    seen["key"], seen["url"] = management_mock.api_key, management_mock.url


def test_the_next_test_starts_clean(management_client: ManagementClient, management_mock: MockServer) -> None:
    assert management_mock.requests == []
    assert (management_mock.api_key, management_mock.url) == (seen["key"], seen["url"])
    assert management_client.model_versions.list(ARCH) == []  # no version, no pending 503
    (request,) = management_mock.requests
    assert request.path == "/management/v1/orgs/my-org/models/gpt-oss-120b/versions"


@pytest.mark.management_mock(model_architectures=["my-arch"], seed_endpoints=False, org_name="team-a")
def test_marker_gives_a_server_of_its_own(
    management_client: ManagementClient, management_mock: MockServer
) -> None:
    assert management_mock.url != seen["url"]
    assert management_client.models.list() == ["my-arch"]
    assert management_client.endpoints.list() == []
    assert management_mock.requests[0].path == "/management/v1/orgs/team-a/models"


@pytest.mark.management_mock("my-arch")
def test_marker_with_a_positional_option(management_mock: MockServer) -> None:
    raise AssertionError("never runs")


@pytest.mark.management_mock(allow_servers=["https://staging.example.com"])
def test_allow_servers_alone_keeps_the_shared_server(management_mock: MockServer) -> None:
    assert management_mock.url == seen["url"]


@pytest.mark.management_mock(allow_servers="https://staging.example.com")
def test_allow_servers_takes_a_list(management_mock: MockServer) -> None:
    raise AssertionError("never runs")


@pytest.mark.management_mock(allow_servers=["staging.example.com"])
def test_allow_servers_takes_urls(management_mock: MockServer) -> None:
    raise AssertionError("never runs")


@pytest.mark.anyio
async def test_async_client(
    async_management_client: AsyncManagementClient, management_mock: MockServer
) -> None:
    assert management_mock.url == seen["url"]
    assert management_mock.requests == []
    version = await async_management_client.model_versions.upload(ARCH, "s3://bucket/async/")
    assert management_mock.has_model_version(ARCH, 1)
    assert await async_management_client.models.list() == ["gpt-oss-120b", "llama3.1-8b"]
    assert version.response.customer_s3_uri == "s3://bucket/async/"
    operations = [r.operation_id for r in management_mock.requests]
    assert operations == ["uploadModelVersion", "listModelArchitectures"]
"""


def run_user_project(tmp_path: Path, tests: str, *args: str, env: dict[str, str] | None = None) -> str:
    """Write ``tests`` as the project's only test file and run pytest there in a subprocess."""
    (tmp_path / "test_with_fixtures.py").write_text(textwrap.dedent(tests))
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COV_"))}
    environment.update(env or {})
    result = subprocess.run(
        # Not a user's plugins: this checkout's schemathesis plugin alone costs seconds per run.
        [
            sys.executable,
            "-m",
            "pytest",
            "-v",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "-p",
            "no:schemathesis",
            "-p",
            "no:hypothesispytest",
            *args,
        ],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result.stdout + result.stderr


def test_a_users_project_gets_the_fixtures_from_the_entry_point(tmp_path: Path) -> None:
    output = run_user_project(tmp_path, USER_TESTS)
    assert not (tmp_path / "conftest.py").exists()
    assert "cerebras-management-" in output.split("collecting", 1)[0], output  # the "plugins:" header line
    assert "test_upload_is_recorded PASSED" in output, output
    assert "test_the_next_test_starts_clean PASSED" in output, output
    assert "test_marker_gives_a_server_of_its_own PASSED" in output, output
    assert "test_async_client[asyncio] PASSED" in output, output
    assert "test_marker_with_a_positional_option ERROR" in output, output
    assert (
        "@pytest.mark.management_mock takes MockServer options by keyword only, "
        "e.g. @pytest.mark.management_mock(sync_after_reads=3); got positional ('my-arch',)"
    ) in output
    assert "test_allow_servers_alone_keeps_the_shared_server PASSED" in output, output
    assert (
        "@pytest.mark.management_mock(allow_servers=...) takes a list of URLs, e.g. "
        "allow_servers=['https://staging.example.com']; got 'https://staging.example.com'"
    ) in output
    assert (
        "@pytest.mark.management_mock(allow_servers=...): 'staging.example.com' is not an absolute "
        "http:// or https:// URL"
    ) in output
    assert "5 passed, 3 errors" in output, output


def test_the_marker_is_registered_for_strict_markers(tmp_path: Path) -> None:
    tests = """
        import pytest

        @pytest.mark.management_mock(sync_after_reads=None)
        def test_pace(management_client, management_mock):
            management_client.model_versions.upload("gpt-oss-120b", "s3://b/w")
            management_client.model_versions.get("gpt-oss-120b", 1)
            assert management_mock.model_version("gpt-oss-120b", 1)["response"]["sync_status"] == "queued"
    """
    output = run_user_project(tmp_path, tests, "--strict-markers")
    assert "1 passed" in output, output


def test_the_shared_server_takes_options_from_an_overridden_fixture(tmp_path: Path) -> None:
    tests = """
        import pytest

        @pytest.fixture(scope="session")
        def management_mock_options():
            return {"org_name": "shared-org", "model_architectures": ["only-arch"]}

        def test_one(management_client):
            assert management_client.models.list() == ["only-arch"]

        def test_two(management_mock):
            assert management_mock.org_name == "shared-org"
    """
    output = run_user_project(tmp_path, tests)
    assert "2 passed" in output, output


def test_recorded_request_fields() -> None:
    request = RecordedRequest(
        method="DELETE",
        raw_path="/management/v1/orgs/my-org/models/a%2Fb/versions/prod",
        query_string="force=1&force=2&x=",
        path_params={"org_name": "my-org", "model_arch_id": "a/b", "version_id": "prod"},
        operation_id="deleteModelVersion",
        api_key="k",
        headers={"content-type": "application/json"},
        body=b'{"reason": "old"}',
    )
    assert request.path == "/management/v1/orgs/my-org/models/a/b/versions/prod"
    assert request.query == {"force": "1", "x": ""}
    assert request.json == {"reason": "old"}
    assert RecordedRequest("GET", "/", "", {}, None, None, {}, b"").json is None
    broken = RecordedRequest("POST", "/x", "", {}, None, None, {}, b"{not json")
    with pytest.raises(ValueError, match=r"^the body of POST /x is not JSON: Expecting property name"):
        _ = broken.json
