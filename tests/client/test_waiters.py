"""The waiters against the mock server: syncs and rollouts that succeed, fail, stall or hit a 503.

The mock advances a sync or a rollout one step per two reads, so a wait takes a few polls; polling
intervals are 10 ms. Nothing here asserts a duration.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from cerebras_management import (
    AsyncManagementClient,
    ManagementClient,
    NotFoundError,
    OperationFailedError,
    WaitTimeoutError,
)
from cerebras_management.testing import Fault, MockServer

ARCH = "gpt-oss-120b"
ENDPOINT = "my-org-gpt-oss-120b"
FAST: dict[str, Any] = {"poll_interval": 0.01, "timeout": 30}


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    """Syncs and rollouts advance one step per two reads."""
    with MockServer(sync_after_reads=2, rollout_after_reads=2) as mock:
        yield mock


@pytest.fixture(scope="module")
def stalled() -> Iterator[MockServer]:
    """Syncs and rollouts never advance by themselves."""
    with MockServer(sync_after_reads=None, rollout_after_reads=None) as mock:
        yield mock


def connect(server: MockServer, **options: Any) -> ManagementClient:
    return ManagementClient(api_key=server.api_key, org_name=server.org_name, base_url=server.url, **options)


def connect_async(server: MockServer, **options: Any) -> AsyncManagementClient:
    return AsyncManagementClient(
        api_key=server.api_key, org_name=server.org_name, base_url=server.url, **options
    )


def version_id(version: Any) -> str:
    return str(version.name.rsplit("/", 1)[-1])


# --- model versions -----------------------------------------------------------------------------


def test_wait_returns_the_done_version_and_reports_each_state_once(server: MockServer) -> None:
    seen: list[str] = []
    with connect(server) as client:
        upload = client.model_versions.upload(ARCH, "s3://bucket/ft-ok/", aliases=["wait-ok"])
        version = client.model_versions.wait(
            ARCH, version_id(upload), on_progress=lambda v: seen.append(v.response.sync_status), **FAST
        )
    assert version.done is True
    assert version.response.sync_status == "done"
    assert version.response.version_aliases == ["wait-ok"]
    assert seen == ["queued", "in_progress", "done"]


def test_a_failed_sync_raises_with_the_last_status(server: MockServer) -> None:
    server.fail_next_sync(message="access denied to s3://bucket/secret/")
    with connect(server) as client:
        upload = client.model_versions.upload(ARCH, "s3://bucket/secret/")
        with pytest.raises(OperationFailedError) as caught:
            client.model_versions.wait(ARCH, version_id(upload), **FAST)
    error = caught.value
    assert error.state == "failed"
    assert error.status.done is True
    assert error.reason == "access denied to s3://bucket/secret/"
    assert "access denied" in str(error)


def test_the_deadline_raises_with_the_last_status_and_elapsed_time(stalled: MockServer) -> None:
    with connect(stalled) as client:
        upload = client.model_versions.upload(ARCH, "s3://bucket/slow/")
        with pytest.raises(WaitTimeoutError) as caught:
            client.model_versions.wait(ARCH, version_id(upload), timeout=0.2, poll_interval=0.01)
    error = caught.value
    assert error.state == "queued"
    assert error.status.name == upload.name
    assert error.elapsed >= 0.2
    assert error.timeout == 0.2


def test_503_during_polling_is_retried_and_the_wait_goes_on(server: MockServer) -> None:
    with connect(server) as client:
        upload = client.model_versions.upload(ARCH, "s3://bucket/flaky/")
        server.inject(Fault.status(503, retry_after="0"), times=2, method="GET", path_contains="/versions/")
        version = client.model_versions.wait(ARCH, version_id(upload), **FAST)
    assert version.done is True
    assert server.requests  # the 503s were answered (the fault queue is empty again)


def test_a_503_that_outlasts_the_retries_is_waited_out_when_the_server_says_when(server: MockServer) -> None:
    with connect(server, max_retries=0) as client:
        upload = client.model_versions.upload(ARCH, "s3://bucket/busy/")
        server.inject(Fault.status(503, retry_after="0"), times=3, method="GET", path_contains="/versions/")
        assert client.model_versions.wait(ARCH, version_id(upload), **FAST).done is True


def test_a_404_while_waiting_is_an_error_not_done(server: MockServer) -> None:
    with connect(server) as client, pytest.raises(NotFoundError):
        client.model_versions.wait(ARCH, 9999, **FAST)


def test_invalid_arguments_fail_before_any_request(server: MockServer) -> None:
    before = len(server.requests)
    with connect(server) as client:
        with pytest.raises(ValueError, match="poll_interval"):
            client.model_versions.wait(ARCH, 1, poll_interval=0)
        with pytest.raises(ValueError, match="deployment_id"):
            client.endpoints.wait_for_deployment(ENDPOINT, "")
    assert len(server.requests) == before


# --- deployments --------------------------------------------------------------------------------


def test_wait_for_deployment_returns_the_complete_deployed_model(server: MockServer) -> None:
    seen: list[str | None] = []
    version = server.add_model_version(ARCH, aliases=["deploy-ok"])
    with connect(server) as client:
        deployment = client.endpoints.deploy(ENDPOINT, ARCH, "deploy-ok")
        deployed = client.endpoints.wait_for_deployment(
            ENDPOINT, deployment.name, on_progress=lambda d: seen.append(d.state), **FAST
        )
    assert deployed.id == deployment.name
    assert deployed.state == "complete"
    assert deployed.model == f"orgs/{server.org_name}/models/{ARCH}/versions/{version}"
    assert seen[-1] == "complete"
    assert seen == list(dict.fromkeys(seen))  # each state once, in order


def test_a_failed_rollout_raises_with_the_deployed_model(server: MockServer) -> None:
    server.add_model_version(ARCH, aliases=["deploy-bad"])
    server.fail_next_rollout()
    with connect(server) as client:
        deployment = client.endpoints.deploy(ENDPOINT, ARCH, "deploy-bad")
        with pytest.raises(OperationFailedError) as caught:
            client.endpoints.wait_for_deployment(ENDPOINT, deployment.name, **FAST)
    assert caught.value.status.id == deployment.name
    assert caught.value.state == "failed"


# --- async --------------------------------------------------------------------------------------


def test_async_wait_and_wait_for_deployment(server: MockServer) -> None:
    async def main() -> tuple[Any, Any, list[str]]:
        seen: list[str] = []

        async def progress(version: Any) -> None:  # a coroutine callback is awaited
            seen.append(version.response.sync_status)

        async with connect_async(server) as client:
            upload = await client.model_versions.upload(ARCH, "s3://bucket/async/", aliases=["async-ok"])
            version = await client.model_versions.wait(ARCH, version_id(upload), on_progress=progress, **FAST)
            deployment = await client.endpoints.deploy(ENDPOINT, ARCH, "async-ok")
            deployed = await client.endpoints.wait_for_deployment(ENDPOINT, deployment.name, **FAST)
        return version, deployed, seen

    version, deployed, seen = asyncio.run(main())
    assert version.done is True
    assert deployed.state == "complete"
    assert seen == ["queued", "in_progress", "done"]


def test_async_failure_and_timeout(server: MockServer, stalled: MockServer) -> None:
    async def main() -> None:
        server.fail_next_sync()
        async with connect_async(server) as client:
            upload = await client.model_versions.upload(ARCH, "s3://bucket/async-bad/")
            with pytest.raises(OperationFailedError):
                await client.model_versions.wait(ARCH, version_id(upload), **FAST)
        async with connect_async(stalled) as client:
            upload = await client.model_versions.upload(ARCH, "s3://bucket/async-slow/")
            with pytest.raises(WaitTimeoutError):
                await client.model_versions.wait(ARCH, version_id(upload), timeout=0.1, poll_interval=0.01)

    asyncio.run(main())


def test_cancelling_the_async_waiter_stops_it_and_leaves_the_client_usable(stalled: MockServer) -> None:
    async def main() -> None:
        async with connect_async(stalled) as client:
            upload = await client.model_versions.upload(ARCH, "s3://bucket/cancel/")
            polled = asyncio.Event()
            task = asyncio.create_task(
                client.model_versions.wait(
                    ARCH, version_id(upload), on_progress=lambda _: polled.set(), **FAST
                )
            )
            await polled.wait()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert task.cancelled()
            requests = len(stalled.requests)
            await asyncio.sleep(0.05)
            assert len(stalled.requests) == requests  # no poll after the cancellation
            assert (await client.model_versions.get(ARCH, version_id(upload))).done is False

    asyncio.run(main())


def test_a_poll_that_hangs_ends_at_the_wait_deadline_as_a_wait_timeout(stalled: MockServer) -> None:
    """A hung poll is capped by the time left: the wait raises WaitTimeoutError (the CLI's exit 3),
    not the poll's APITimeoutError after the client's own 60 s per attempt and retries."""
    with connect(stalled) as client:
        version = client.model_versions.upload(ARCH, "s3://bucket/hang/")
        stalled.inject(Fault.hang(30), times=10, method="GET")
        with pytest.raises(WaitTimeoutError) as raised:
            client.model_versions.wait(ARCH, version_id(version), timeout=0.5, poll_interval=0.01)
    assert raised.value.timeout == 0.5
    stalled.reset()


def test_an_async_poll_that_hangs_ends_at_the_wait_deadline(stalled: MockServer) -> None:
    async def scenario() -> None:
        async with connect_async(stalled) as client:
            stalled.inject(Fault.hang(30), times=10, method="GET")
            with pytest.raises(WaitTimeoutError):
                await client.endpoints.wait_for_deployment(
                    ENDPOINT, "no-such", timeout=0.5, poll_interval=0.01
                )

    asyncio.run(scenario())
    stalled.reset()


# --- an error object means failure, whatever `done` or the state says (issue 14, item 11) ---------


def failure_of(server: MockServer, run_async: bool, wait: Callable[[Any], Any]) -> OperationFailedError:
    """The `OperationFailedError` of ``wait(client.<resource>)``, with a sync or an async client."""

    async def main() -> None:
        async with connect_async(server) as client:
            await wait(client)

    def run() -> None:
        if run_async:
            asyncio.run(main())
        else:
            with connect(server) as client:
                wait(client)

    try:
        with pytest.raises(OperationFailedError) as caught:
            run()
    finally:
        server.reset()
    return caught.value


@pytest.mark.parametrize("run_async", [False, True], ids=["sync", "async"])
def test_a_not_done_version_with_an_error_object_fails_the_wait(stalled: MockServer, run_async: bool) -> None:
    version = stalled.add_model_version(ARCH, sync_status="queued")
    body = {
        "name": f"orgs/{stalled.org_name}/models/{ARCH}/versions/{version}",
        "done": False,
        "response": {"version_aliases": [], "sync_status": "in_progress"},
        "error": {"code": 9, "message": "weights at s3://bucket/bad/ are unreadable"},
    }
    path = f"/models/{ARCH}/versions/{version}"
    stalled.inject(Fault.body(200, json.dumps(body).encode()), times=5, method="GET", path_contains=path)
    error = failure_of(
        stalled,
        run_async,
        lambda client: client.model_versions.wait(ARCH, version, timeout=5, poll_interval=0.01),
    )
    assert error.reason == "weights at s3://bucket/bad/ are unreadable"
    assert error.state == "in_progress"
    assert error.status.done is False
    assert f"model version {version!r} of {ARCH!r} failed after " in str(error)
    assert str(error).endswith(": weights at s3://bucket/bad/ are unreadable")


@pytest.mark.parametrize("run_async", [False, True], ids=["sync", "async"])
def test_a_rolling_deployment_with_an_error_object_fails_the_wait(
    stalled: MockServer, run_async: bool
) -> None:
    """Already so before issue 14; kept beside the version's test so both waiters stay alike."""
    body = {
        **stalled.endpoint(ENDPOINT),
        "deployed_models": [{"id": "dep-9", "state": "in_progress", "error": {"message": "out of capacity"}}],
    }
    fault = Fault.body(200, json.dumps(body).encode())
    stalled.inject(fault, times=5, method="GET", path_contains="/endpoints/")
    error = failure_of(
        stalled,
        run_async,
        lambda client: client.endpoints.wait_for_deployment(ENDPOINT, "dep-9", timeout=5, poll_interval=0.01),
    )
    assert error.reason == "out of capacity"
    assert error.state == "in_progress"
