"""`client.model_versions` list/get/upload/set_aliases against the mock server, sync and async, with
the POST retry rule: upload retries only when the request never left or on 429."""

from __future__ import annotations

import json

import pytest
from cerebras_management import (
    APIConnectionError,
    APITimeoutError,
    ConflictError,
    InternalServerError,
    ManagementClient,
    NotFoundError,
)
from cerebras_management.testing import Fault, MockServer
from cerebras_management.types import ModelVersion, ModelVersionAliases, ModelVersionStatus
from client_support import run_async, sync_client

ARCH = "gpt-oss-120b"
WEIGHTS = "s3://my-bucket/fine-tuned/gpt-oss-120b/"
BASE = f"/management/v1/orgs/my-org/models/{ARCH}/versions"


def test_upload_sends_the_request_body_and_returns_the_queued_version(
    shared_client: ManagementClient, server: MockServer
) -> None:
    version = shared_client.model_versions.upload(
        ARCH, WEIGHTS, aliases=["candidate"], system_fingerprint_suffix="ft-1"
    )
    assert isinstance(version, ModelVersion)
    assert version.name == f"orgs/my-org/models/{ARCH}/versions/1"
    assert version.done is False
    assert isinstance(version.response, ModelVersionStatus)
    assert version.response.sync_status == "queued"
    (request,) = server.requests
    assert (request.method, request.raw_path) == ("POST", "/management/v1/orgs/my-org/models:upload")
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.body) == {
        "model_arch_id": ARCH,
        "model": {
            "weight_uri": WEIGHTS,
            "version_aliases": ["candidate"],
            "system_fingerprint_suffix": "ft-1",
        },
    }


def test_upload_without_options_sends_only_the_weights(
    shared_client: ManagementClient, server: MockServer
) -> None:
    shared_client.model_versions.upload(ARCH, WEIGHTS)
    assert json.loads(server.requests[0].body) == {"model_arch_id": ARCH, "model": {"weight_uri": WEIGHTS}}


def test_get_follows_the_sync_until_done(shared_client: ManagementClient, server: MockServer) -> None:
    uploaded = shared_client.model_versions.upload(ARCH, WEIGHTS, aliases=["candidate"])
    version_id = int(uploaded.name.rpartition("/")[2])
    states = []
    for _ in range(10):
        version = shared_client.model_versions.get(ARCH, version_id)
        assert version.response is not None
        states.append(version.response.sync_status)
        if version.done:
            break
    assert states[-1] == "done"
    assert "queued" not in states[1:]
    by_alias = shared_client.model_versions.get(ARCH, "candidate")
    assert by_alias.name == uploaded.name
    assert by_alias.response is not None
    assert by_alias.response.customer_s3_uri == WEIGHTS
    assert by_alias.response.version_aliases == ["candidate"]
    assert server.requests[-1].raw_path == f"{BASE}/candidate"


def test_list_gives_every_version_typed(shared_client: ManagementClient, server: MockServer) -> None:
    ids = [server.add_model_version(ARCH, aliases=[f"v{i}"]) for i in range(1, 4)]
    server.add_model_version("llama3.1-8b")
    versions = shared_client.model_versions.list(ARCH)
    assert [v.name for v in versions] == [f"orgs/my-org/models/{ARCH}/versions/{i}" for i in ids]
    assert all(isinstance(v, ModelVersion) and v.done for v in versions)
    assert [v.response.version_aliases for v in versions if v.response] == [["v1"], ["v2"], ["v3"]]
    assert server.requests[0].raw_path == BASE


def test_list_of_an_unknown_architecture_is_not_found(shared_client: ManagementClient) -> None:
    with pytest.raises(NotFoundError, match="no-such-arch"):
        shared_client.model_versions.list("no-such-arch")


def test_set_aliases_replaces_them(shared_client: ManagementClient, server: MockServer) -> None:
    version = server.add_model_version(ARCH, aliases=["old"])
    result = shared_client.model_versions.set_aliases(ARCH, version, ["prod", "v1-stable"])
    assert isinstance(result, ModelVersionAliases)
    assert result.version_aliases == ["prod", "v1-stable"]
    assert result.name == f"orgs/my-org/models/{ARCH}/versions/{version}"
    request = server.requests[0]
    assert (request.method, request.raw_path) == ("PATCH", f"{BASE}/{version}")
    assert json.loads(request.body) == {"version_aliases": ["prod", "v1-stable"]}
    assert shared_client.model_versions.set_aliases(ARCH, "prod", []).version_aliases == []
    assert not server.has_model_version(ARCH, "prod")


def test_an_alias_held_by_another_version_is_a_conflict_never_retried(
    shared_client: ManagementClient, server: MockServer
) -> None:
    holder = server.add_model_version(ARCH, aliases=["prod"])
    other = server.add_model_version(ARCH)
    with pytest.raises(ConflictError, match=f"version {holder}"):
        shared_client.model_versions.set_aliases(ARCH, other, ["prod"])
    assert len(server.requests) == 1


def test_reads_and_alias_updates_are_retried(shared_client: ManagementClient, server: MockServer) -> None:
    version = server.add_model_version(ARCH)
    server.inject(Fault.status(503, retry_after="0.01"), times=2)
    assert shared_client.model_versions.get(ARCH, version).done is True
    server.inject(Fault.status(502, retry_after="0.01"))
    assert shared_client.model_versions.set_aliases(ARCH, version, ["prod"]).version_aliases == ["prod"]
    assert [r.method for r in server.requests] == ["GET"] * 3 + ["PATCH"] * 2


def test_upload_is_retried_after_429(shared_client: ManagementClient, server: MockServer) -> None:
    server.inject(Fault.status(429, retry_after="0.01"))
    version = shared_client.model_versions.upload(ARCH, WEIGHTS)
    assert version.name.endswith("/versions/1")
    assert [r.method for r in server.requests] == ["POST", "POST"]
    assert len(shared_client.model_versions.list(ARCH)) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504, 408])
def test_upload_is_not_retried_after_an_answer_that_may_follow_its_application(
    shared_client: ManagementClient, server: MockServer, status: int
) -> None:
    server.inject(Fault.status(status, retry_after="0.01"))
    with pytest.raises(Exception, match="may have reached the server and been applied") as raised:
        shared_client.model_versions.upload(ARCH, WEIGHTS)
    assert getattr(raised.value, "status_code", None) == status
    assert raised.value.attempts == 1  # type: ignore[attr-defined]
    assert [r.method for r in server.requests] == ["POST"]


def test_upload_that_timed_out_is_not_sent_twice(server: MockServer) -> None:
    server.inject(Fault.delay(1.0), method="POST")
    with sync_client(server, timeout=0.3) as client, pytest.raises(APITimeoutError) as raised:
        client.model_versions.upload(ARCH, WEIGHTS)
    assert "may have reached the server and been applied" in str(raised.value)
    assert raised.value.attempts == 1
    assert [r.method for r in server.requests] == ["POST"]


def test_upload_that_never_left_is_retried(server: MockServer) -> None:
    # Nothing listens on the port: the connection is refused, the request never left.
    closed = MockServer()
    closed.start()
    url = closed.url
    closed.stop()
    with (
        ManagementClient(api_key=server.api_key, org_name="my-org", base_url=url, max_retries=1) as client,
        pytest.raises(APIConnectionError) as raised,
    ):
        client.model_versions.upload(ARCH, WEIGHTS)
    assert raised.value.attempts == 2
    assert "may have reached" not in str(raised.value)


def test_upload_with_an_unreadable_answer_says_it_was_applied(
    shared_client: ManagementClient, server: MockServer
) -> None:
    server.inject(Fault.malformed_json(200))
    with pytest.raises(Exception, match="applied") as raised:
        shared_client.model_versions.upload(ARCH, WEIGHTS)
    assert type(raised.value).__name__ == "APIResponseValidationError"


def test_async_methods(server: MockServer) -> None:
    server.add_model_version(ARCH, aliases=["prod"])

    async def flow(client: object) -> tuple[object, ...]:
        from cerebras_management import AsyncManagementClient

        assert isinstance(client, AsyncManagementClient)
        uploaded = await client.model_versions.upload(ARCH, WEIGHTS, aliases=["next"], timeout=5)
        got = await client.model_versions.get(ARCH, "next")
        listed = await client.model_versions.list(ARCH)
        aliases = await client.model_versions.set_aliases(ARCH, "next", ["next", "canary"])
        return uploaded, got, listed, aliases

    uploaded, got, listed, aliases = run_async(server, flow)  # type: ignore[arg-type]
    assert isinstance(uploaded, ModelVersion)
    assert isinstance(got, ModelVersion)
    assert got.name == uploaded.name
    assert isinstance(listed, list)
    assert len(listed) == 2
    assert isinstance(aliases, ModelVersionAliases)
    assert aliases.version_aliases == ["next", "canary"]


def test_async_upload_is_not_retried_after_a_5xx(server: MockServer) -> None:
    server.inject(Fault.status(503, retry_after="0.01"))
    with pytest.raises(InternalServerError, match="may have reached the server"):
        run_async(server, lambda client: client.model_versions.upload(ARCH, WEIGHTS))
    assert [r.method for r in server.requests] == ["POST"]
