"""Waiters take what the write returned: ``wait(version)`` and ``wait_for_deployment(deployment)``."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from cerebras_management import AsyncManagementClient, ManagementClient
from cerebras_management.testing import MockServer
from cerebras_management.types import Deployment, DeploymentMetadata, ModelVersion

ARCH = "gpt-oss-120b"
ENDPOINT = "my-org-gpt-oss-120b"


@pytest.fixture
def mock() -> Any:
    with MockServer(sync_after_seconds=0.05, rollout_after_seconds=0.05) as server:
        yield server


def sync_client(server: MockServer, org_name: str | None = None) -> ManagementClient:
    return ManagementClient(api_key=server.api_key, org_name=org_name or server.org_name, base_url=server.url)


def async_client(server: MockServer, org_name: str | None = None) -> AsyncManagementClient:
    return AsyncManagementClient(
        api_key=server.api_key, org_name=org_name or server.org_name, base_url=server.url
    )


def test_wait_takes_the_uploaded_version(mock: MockServer) -> None:
    with sync_client(mock) as client:
        version = client.model_versions.upload(ARCH, "s3://bucket/w/")
        assert version.done is False
        done = client.model_versions.wait(version, poll_interval=0.02, timeout=10)
    assert done.done is True
    assert done.name == version.name
    polls = [r for r in mock.requests if r.operation_id == "getModelVersion"]
    assert polls
    assert {tuple(sorted(r.path_params.items())) for r in polls} == {
        (("model_arch_id", ARCH), ("org_name", mock.org_name), ("version_id", "1"))
    }


def test_wait_uses_the_organization_in_the_name_not_the_clients_default(mock: MockServer) -> None:
    with sync_client(mock) as client:
        version = client.model_versions.get(ARCH, mock.add_model_version(ARCH))
    # A client whose default org is another one: the version's name decides.
    with sync_client(mock, org_name="someone-else") as other:
        done = other.model_versions.wait(version, poll_interval=0.02, timeout=10)
    assert done.done is True
    assert mock.requests[-1].path_params["org_name"] == mock.org_name


def test_async_wait_takes_the_uploaded_version(mock: MockServer) -> None:
    async def main() -> tuple[ModelVersion, ModelVersion]:
        async with async_client(mock) as client:
            version = await client.model_versions.upload(ARCH, "s3://bucket/w/")
            return version, await client.model_versions.wait(version, poll_interval=0.02, timeout=10)

    version, done = asyncio.run(main())
    assert done.done is True
    assert done.name == version.name


def test_wait_for_deployment_takes_the_deployment(mock: MockServer) -> None:
    mock.add_model_version(ARCH)
    with sync_client(mock) as client:
        deployment = client.endpoints.deploy(ENDPOINT, ARCH, 1)
        deployed = client.endpoints.wait_for_deployment(deployment, poll_interval=0.02, timeout=10)
    assert deployed.id == deployment.name
    assert deployed.state == "complete"
    polls = [r for r in mock.requests if r.operation_id == "getEndpoint"]
    assert polls
    assert {r.path_params["endpoint_id"] for r in polls} == {ENDPOINT}


def test_async_wait_for_deployment_takes_the_deployment(mock: MockServer) -> None:
    mock.add_model_version(ARCH)

    async def main() -> tuple[str, Any]:
        async with async_client(mock) as client:
            deployment = await client.endpoints.deploy(ENDPOINT, ARCH, 1)
            deployed = await client.endpoints.wait_for_deployment(deployment, poll_interval=0.02, timeout=10)
            return deployment.name, deployed

    name, deployed = asyncio.run(main())
    assert deployed.id == name
    assert deployed.state == "complete"


def test_the_two_id_forms_still_work(mock: MockServer) -> None:
    mock.add_model_version(ARCH)
    with sync_client(mock) as client:
        assert client.model_versions.wait(ARCH, 1, poll_interval=0.02).done is True
        assert client.model_versions.wait(model_arch_id=ARCH, version_id="1", poll_interval=0.02).done
        deployment = client.endpoints.deploy(ENDPOINT, ARCH, 1)
        deployed = client.endpoints.wait_for_deployment(
            endpoint_id=ENDPOINT, deployment_id=deployment.name, poll_interval=0.02
        )
        assert deployed.state == "complete"


VERSION = ModelVersion(name="orgs/my-org/models/gpt-oss-120b/versions/1", done=False)
DEPLOYMENT = Deployment(name="d-1", response=DeploymentMetadata(endpoint_id=ENDPOINT))


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda c: c.model_versions.wait(VERSION, 1), TypeError, "takes the ModelVersion alone"),
        (lambda c: c.model_versions.wait(VERSION, org_name="x"), TypeError, "takes the ModelVersion alone"),
        (lambda c: c.model_versions.wait(ARCH), TypeError, "without a version_id"),
        (
            lambda c: c.model_versions.wait(ModelVersion(name="versions/1", done=False)),
            ValueError,
            "expected orgs/<org_name>/models/<model_arch_id>/versions/<version_id>",
        ),
        (
            lambda c: c.endpoints.wait_for_deployment(DEPLOYMENT, "d-1"),
            TypeError,
            "takes the Deployment alone",
        ),
        (lambda c: c.endpoints.wait_for_deployment(ENDPOINT), TypeError, "without a deployment_id"),
        (
            lambda c: c.endpoints.wait_for_deployment(Deployment(name="d-2")),
            ValueError,
            "does not name its endpoint (no response.endpoint_id): call wait_for_deployment(endpoint_id, "
            "deployment.name)",
        ),
    ],
    ids=[
        "version+id",
        "version+org",
        "arch-alone",
        "bad-name",
        "deployment+id",
        "endpoint-alone",
        "no-endpoint",
    ],
)
def test_mixed_or_incomplete_forms_fail_before_sending(
    mock: MockServer, call: Any, error: type[Exception], words: str
) -> None:
    with sync_client(mock) as client, pytest.raises(error) as caught:
        call(client)
    assert words in str(caught.value)
    assert mock.requests == []


def test_async_mixed_forms_fail_before_sending(mock: MockServer) -> None:
    async def main() -> None:
        async with async_client(mock) as client:
            with pytest.raises(TypeError, match="takes the ModelVersion alone"):
                await client.model_versions.wait(VERSION, 1)  # type: ignore[call-overload]
            with pytest.raises(TypeError, match="takes the Deployment alone"):
                await client.endpoints.wait_for_deployment(DEPLOYMENT, "d-1")  # type: ignore[call-overload]

    asyncio.run(main())
    assert mock.requests == []
