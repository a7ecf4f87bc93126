"""Nothing a call returns or raises holds the key, in memory or pickled (issue 26, item 4).

For each of the nine operations, sync and async, plain and ``with_raw_response``, five outcomes (a
success, a 401 whose body echoes the key, a 500, a 2xx body that is not JSON, a connection reset)
against the mock on loopback: every object reachable from the result or the error (`key_walk.walk`:
`gc.get_referents`, transitively) is searched for the key in every form, and so is its pickle.

On the code before the fix, every outcome that came with a response held the key twice: in
``response.request.headers`` (``Authorization: Bearer <key>``) and, through ``response.stream``, in the
connection pool's copy of the request as sent; a pickled `RawResponse` held it too.
"""

from __future__ import annotations

import asyncio
import pickle
from collections.abc import Iterator

import pytest
from cerebras_management import (
    AsyncManagementClient,
    ManagementClient,
    OperationFailedError,
    RawResponse,
    WaitTimeoutError,
)
from cerebras_management.testing import Fault, MockServer
from key_walk import ARCH, KEY, OPS, OUTCOMES, KeyForms, Op, outcomes_of, walk

FORMS = KeyForms(KEY)


@pytest.fixture(scope="module")
def key_server() -> Iterator[MockServer]:
    """A mock whose key is `KEY` (with ``/``, ``+`` and ``=``: characters whose escaped forms differ)."""
    with MockServer(api_key=KEY) as server:
        yield server


def assert_holds_no_key(value: object, label: str, *, through_response: bool = True) -> int:
    """Walk `value` and its pickle; return how many objects the walk visited.

    `through_response`: `value` holds an httpx response, which the walk must have gone through.
    """
    result = walk(value, FORMS, root_name=type(value).__name__)
    assert result.complete, f"{label}: the walk stopped at its limit of objects"
    assert result.found == [], f"{label}: the key is reachable"
    assert result.boundaries == set(), f"{label}: reaches a holder of the key"
    assert not FORMS.in_bytes(pickle.dumps(value)), f"{label}: the pickle holds the key"
    if through_response:
        assert {"Response", "Request", "Headers"} <= result.types, label
    return result.visited


@pytest.mark.parametrize("raw", [False, True], ids=["plain", "raw"])
@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("op", OPS, ids=[op.name for op in OPS])
def test_nothing_an_operation_returns_or_raises_holds_the_key(
    key_server: MockServer, op: Op, mode: str, raw: bool
) -> None:
    outcomes = outcomes_of(key_server, op, mode=mode, raw=raw)
    assert [name for name, _ in outcomes] == [name for name, _ in OUTCOMES]
    kinds = [type(value).__name__ for _, value in outcomes]
    assert kinds[1:] == [
        "AuthenticationError", "InternalServerError", "APIResponseValidationError", "APIConnectionError"
    ]  # fmt: skip
    assert isinstance(outcomes[0][1], RawResponse) is raw
    for name, value in outcomes:
        label = f"{op.name} {mode} {'raw' if raw else 'plain'}: {name}"
        responded = name != "connection reset" and (raw or name != "ok")
        assert_holds_no_key(value, label, through_response=responded)
    assert key_server.requests[-1].api_key == KEY  # the key was sent: the search means something


def test_a_raw_delete_that_missing_ok_confirmed_holds_no_key(key_server: MockServer) -> None:
    key_server.reset()
    with ManagementClient(api_key=KEY, org_name="my-org", base_url=key_server.url) as client:
        raw = client.model_versions.with_raw_response.delete(ARCH, 7, missing_ok=True)
    assert (raw.status_code, raw.parse().deleted) == (404, False)
    assert raw.http_response.request.headers["authorization"] == "Bearer [REDACTED]"
    assert_holds_no_key(raw, "delete(missing_ok=True) raw")


def test_delete_many_outcomes_hold_no_key(key_server: MockServer) -> None:
    key_server.reset()
    kept = key_server.add_model_version(ARCH)

    async def main() -> list[object]:
        async with AsyncManagementClient(
            api_key=KEY, org_name="my-org", base_url=key_server.url, max_retries=0
        ) as client:
            key_server.inject(Fault.echo_authorization(403), path_contains="/versions/9")
            return list(await client.model_versions.delete_many([(ARCH, kept), (ARCH, 9), (ARCH, 8)]))

    outcomes = asyncio.run(main())
    assert [type(getattr(outcome, "error", None)).__name__ for outcome in outcomes] == [
        "NoneType", "PermissionDeniedError", "NotFoundError"
    ]  # fmt: skip
    for outcome in outcomes:
        label = f"delete_many outcome {outcome!r}"
        assert_holds_no_key(outcome, label, through_response=getattr(outcome, "error", None) is not None)


def test_waiter_errors_hold_no_key(key_server: MockServer) -> None:
    key_server.reset()
    with ManagementClient(api_key=KEY, org_name="my-org", base_url=key_server.url, max_retries=0) as client:
        key_server.fail_next_sync(message="AccessDenied")
        upload = client.model_versions.upload(ARCH, "s3://bucket/broken/")
        with pytest.raises(OperationFailedError) as failed:
            client.model_versions.wait(upload, poll_interval=0.01, timeout=30)
        version = key_server.add_model_version(ARCH, sync_status="queued")
        key_server.inject(Fault.status(503, retry_after="0"), times=1000)
        with pytest.raises(WaitTimeoutError) as timed_out:
            client.model_versions.wait(ARCH, version, poll_interval=0.01, timeout=0.3)
    assert timed_out.value.last_error is not None
    assert_holds_no_key(failed.value, "OperationFailedError", through_response=False)
    assert_holds_no_key(timed_out.value, "WaitTimeoutError")
