"""`client.endpoints` list/get/deploy against the mock server, sync and async."""

from __future__ import annotations

import json

import pytest
from cerebras_management import (
    ConflictError,
    InternalServerError,
    ManagementClient,
    NotFoundError,
    PermissionDeniedError,
)
from cerebras_management.testing import Fault, MockServer
from cerebras_management.types import DeployedModel, Deployment, DeploymentMetadata, Endpoint, EndpointStatus
from client_support import run_async

ARCH = "gpt-oss-120b"
ENDPOINT = "my-org-gpt-oss-120b"


def test_list_gives_the_org_endpoints(shared_client: ManagementClient, server: MockServer) -> None:
    endpoints = shared_client.endpoints.list()
    assert all(isinstance(e, Endpoint) for e in endpoints)
    assert sorted((e.endpoint_id, e.model_arch_id) for e in endpoints) == [
        ("my-org-gpt-oss-120b", "gpt-oss-120b"),
        ("my-org-llama3.1-8b", "llama3.1-8b"),
    ]
    assert (server.requests[0].method, server.requests[0].raw_path) == (
        "GET",
        "/management/v1/orgs/my-org/endpoints",
    )


def test_get_gives_the_status(shared_client: ManagementClient, server: MockServer) -> None:
    status = shared_client.endpoints.get(ENDPOINT)
    assert isinstance(status, EndpointStatus)
    assert status.name == ENDPOINT
    assert status.model_arch_id == ARCH
    assert status.deployed_models == []
    assert server.requests[0].raw_path == f"/management/v1/endpoints/{ENDPOINT}"
    with pytest.raises(NotFoundError):
        shared_client.endpoints.get("no-such-endpoint")


def test_deploy_builds_the_model_name_and_the_rollout_completes(
    shared_client: ManagementClient, server: MockServer
) -> None:
    version = server.add_model_version(ARCH, aliases=["prod"])
    deployment = shared_client.endpoints.deploy(ENDPOINT, ARCH, "prod")
    assert isinstance(deployment, Deployment)
    assert isinstance(deployment.response, DeploymentMetadata)
    assert deployment.response.rollout_status == "not_started"
    assert deployment.response.endpoint_id == ENDPOINT
    request = server.requests[0]
    assert (request.method, request.raw_path) == ("POST", f"/management/v1/endpoints/{ENDPOINT}:deployModel")
    assert request.operation_id == "deployModel"
    assert json.loads(request.body) == {"model": f"orgs/my-org/models/{ARCH}/versions/prod"}
    for _ in range(10):
        status = shared_client.endpoints.get(ENDPOINT)
        (mine,) = [m for m in status.deployed_models if m.id == deployment.name]
        assert isinstance(mine, DeployedModel)
        if mine.state == "complete":
            break
    assert mine.state == "complete"
    assert mine.model == f"orgs/my-org/models/{ARCH}/versions/{version}"


def test_deploy_by_integer_id_and_another_org(shared_client: ManagementClient, server: MockServer) -> None:
    version = server.add_model_version(ARCH)
    shared_client.endpoints.deploy(ENDPOINT, ARCH, version)
    assert json.loads(server.requests[0].body) == {"model": f"orgs/my-org/models/{ARCH}/versions/{version}"}
    server.add_org("other-org")
    with pytest.raises(PermissionDeniedError):
        shared_client.endpoints.deploy(ENDPOINT, ARCH, version, org_name="other-org")
    assert json.loads(server.requests[1].body) == {
        "model": f"orgs/other-org/models/{ARCH}/versions/{version}"
    }


def test_deploy_errors_are_typed_and_not_retried(shared_client: ManagementClient, server: MockServer) -> None:
    llama = server.add_model_version("llama3.1-8b")
    syncing = server.add_model_version(ARCH, sync_status="in_progress")
    with pytest.raises(ConflictError, match="serves"):
        shared_client.endpoints.deploy(ENDPOINT, "llama3.1-8b", llama)
    with pytest.raises(ConflictError, match="not ready"):
        shared_client.endpoints.deploy(ENDPOINT, ARCH, syncing)
    with pytest.raises(NotFoundError):
        shared_client.endpoints.deploy(ENDPOINT, ARCH, 99)
    assert [r.method for r in server.requests] == ["POST"] * 3


def test_deploy_is_retried_after_429_only(shared_client: ManagementClient, server: MockServer) -> None:
    version = server.add_model_version(ARCH)
    server.inject(Fault.status(429, retry_after="0.01"))
    shared_client.endpoints.deploy(ENDPOINT, ARCH, version)
    assert [r.method for r in server.requests] == ["POST", "POST"]
    server.inject(Fault.status(500))
    with pytest.raises(InternalServerError, match="may have reached the server and been applied"):
        shared_client.endpoints.deploy(ENDPOINT, ARCH, version)
    assert [r.method for r in server.requests] == ["POST"] * 3


def test_async_methods(server: MockServer) -> None:
    version = server.add_model_version(ARCH)

    async def flow(client: object) -> tuple[object, ...]:
        from cerebras_management import AsyncManagementClient

        assert isinstance(client, AsyncManagementClient)
        endpoints = await client.endpoints.list(timeout=5)
        deployment = await client.endpoints.deploy(ENDPOINT, ARCH, version, timeout=5)
        status = await client.endpoints.get(ENDPOINT, timeout=5)
        return endpoints, deployment, status

    endpoints, deployment, status = run_async(server, flow)  # type: ignore[arg-type]
    assert isinstance(endpoints, list)
    assert len(endpoints) == 2
    assert isinstance(deployment, Deployment)
    assert isinstance(status, EndpointStatus)
    assert [m.id for m in status.deployed_models] == [deployment.name]
