"""`client.models.list` against the mock server: architecture ids, sync and async."""

from __future__ import annotations

import pytest
from cerebras_management import ManagementClient, NotFoundError, PermissionDeniedError
from cerebras_management.testing import MockServer
from client_support import run_async, sync_client


def test_list_gives_the_architecture_ids(shared_client: ManagementClient, server: MockServer) -> None:
    architectures = shared_client.models.list()
    assert sorted(architectures) == ["gpt-oss-120b", "llama3.1-8b"]
    assert all(type(arch) is str for arch in architectures)
    (request,) = server.requests
    assert (request.method, request.raw_path) == ("GET", "/management/v1/orgs/my-org/models")
    assert request.operation_id == "listModelArchitectures"
    assert request.headers["authorization"] == f"Bearer {server.api_key}"
    assert request.body == b""


def test_list_takes_org_name_and_timeout(shared_client: ManagementClient, server: MockServer) -> None:
    server.add_org("other-org")
    with pytest.raises(PermissionDeniedError):
        shared_client.models.list(org_name="other-org", timeout=5)
    with pytest.raises(NotFoundError):
        shared_client.models.list(org_name="no-such-org")
    assert [r.path_params["org_name"] for r in server.requests] == ["other-org", "no-such-org"]


def test_configured_architectures() -> None:
    with (
        MockServer(model_architectures=("arch-a", "arch-b", "arch-c")) as server,
        sync_client(server) as client,
    ):
        assert sorted(client.models.list()) == ["arch-a", "arch-b", "arch-c"]


def test_async_list(server: MockServer) -> None:
    architectures = run_async(server, lambda client: client.models.list(timeout=5))
    assert sorted(architectures) == ["gpt-oss-120b", "llama3.1-8b"]
