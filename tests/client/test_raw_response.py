"""``with_raw_response``: every one-request method, sync and async, against the mock on loopback.

The request id a `RawResponse` reports is compared with the one the mock put on the wire, seen by an
httpx response hook on the caller's own ``http_client`` (an observer outside the client's code).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from cerebras_management import (
    APIResponseValidationError,
    AsyncManagementClient,
    ManagementClient,
    NotFoundError,
    RawResponse,
)
from cerebras_management.testing import Fault, MockServer

ARCH = "gpt-oss-120b"
ENDPOINT = "my-org-gpt-oss-120b"


class Wire:
    """The ``x-request-id`` of every response the mock sent, in order (an httpx event hook)."""

    def __init__(self) -> None:
        self.ids: list[str] = []

    def hook(self, response: httpx.Response) -> None:
        self.ids.append(response.headers["x-request-id"])

    async def ahook(self, response: httpx.Response) -> None:
        self.hook(response)


@dataclass(frozen=True)
class Op:
    """One operation: how to call it on a resource (plain or raw: the same arguments), what it sends."""

    name: str
    method: str
    operation_id: str
    call: Callable[[Any], Any]  # resource namespace -> call (sync result or awaitable)
    resource: str


OPS = [
    Op("models.list", "GET", "listModelArchitectures", lambda r: r.list(), "models"),
    Op("model_versions.list", "GET", "listModelVersions", lambda r: r.list(ARCH), "model_versions"),
    Op("model_versions.get", "GET", "getModelVersion", lambda r: r.get(ARCH, 1), "model_versions"),
    Op(
        "model_versions.upload",
        "POST",
        "uploadModelVersion",
        lambda r: r.upload(ARCH, "s3://bucket/weights/", aliases=["fresh"]),
        "model_versions",
    ),
    Op(
        "model_versions.set_aliases",
        "PATCH",
        "setModelVersionAliases",
        lambda r: r.set_aliases(ARCH, 1, ["prod"]),
        "model_versions",
    ),
    Op(
        "model_versions.delete", "DELETE", "deleteModelVersion", lambda r: r.delete(ARCH, 2), "model_versions"
    ),
    Op("endpoints.list", "GET", "listEndpoints", lambda r: r.list(), "endpoints"),
    Op("endpoints.get", "GET", "getEndpoint", lambda r: r.get(ENDPOINT), "endpoints"),
    Op("endpoints.deploy", "POST", "deployModel", lambda r: r.deploy(ENDPOINT, ARCH, 1), "endpoints"),
]


@pytest.fixture(scope="module")
def module_mock() -> Iterator[MockServer]:
    with MockServer() as server:
        yield server


@pytest.fixture
def mock(module_mock: MockServer) -> MockServer:
    """The module's mock, reset, with versions 1 and 2 of ARCH (synced: deployable)."""
    module_mock.reset()
    module_mock.add_model_version(ARCH)
    module_mock.add_model_version(ARCH)
    return module_mock


def sync_client(server: MockServer, wire: Wire, **options: Any) -> ManagementClient:
    http = httpx.Client(event_hooks={"response": [wire.hook]})
    return ManagementClient(
        api_key=server.api_key, org_name=server.org_name, base_url=server.url, http_client=http, **options
    )


def run_async(server: MockServer, wire: Wire, call: Callable[[AsyncManagementClient], Awaitable[Any]]) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(event_hooks={"response": [wire.ahook]}) as http:
            client = AsyncManagementClient(
                api_key=server.api_key, org_name=server.org_name, base_url=server.url, http_client=http
            )
            return await call(client)

    return asyncio.run(main())


def check_raw(raw: Any, op: Op, server: MockServer, wire: Wire) -> None:
    assert isinstance(raw, RawResponse)
    (sent,) = server.requests  # one request, the operation's
    assert (sent.method, sent.operation_id) == (op.method, op.operation_id)
    assert wire.ids
    assert raw.request_id == wire.ids[-1]
    assert re.fullmatch(r"req_[0-9a-f]{32}", raw.request_id)
    assert raw.headers["x-request-id"] == raw.request_id
    assert raw.status_code == 200
    assert raw.http_response.status_code == 200
    assert raw.http_response.request.method == op.method
    assert raw.attempts == 1
    assert 0 < raw.elapsed < 10
    assert raw.parse() is raw.parse()  # read once


@pytest.mark.parametrize("op", OPS, ids=[op.name for op in OPS])
def test_sync_raw_response_reports_the_request_id_the_mock_sent(mock: MockServer, op: Op) -> None:
    wire = Wire()
    with sync_client(mock, wire) as client:
        namespace = getattr(client, op.resource)
        raw = op.call(namespace.with_raw_response)
        check_raw(raw, op, mock, wire)
        if op.method == "GET":  # reads change nothing: the plain call returns an equal result
            assert op.call(namespace) == raw.parse()
    if op.method != "GET":  # a write: the plain call, on the same state, returns the same type
        mock.reset()
        mock.add_model_version(ARCH)
        mock.add_model_version(ARCH)
        with sync_client(mock, Wire()) as client:
            assert type(op.call(getattr(client, op.resource))) is type(raw.parse())


@pytest.mark.parametrize("op", OPS, ids=[op.name for op in OPS])
def test_async_raw_response_reports_the_request_id_the_mock_sent(mock: MockServer, op: Op) -> None:
    wire = Wire()

    async def call(client: AsyncManagementClient) -> Any:
        pending = op.call(getattr(client, op.resource).with_raw_response)
        assert asyncio.iscoroutine(pending)  # awaited, like the plain async method
        return await pending

    raw = run_async(mock, wire, call)
    check_raw(raw, op, mock, wire)


def test_each_call_reports_its_own_request_id(mock: MockServer) -> None:
    wire = Wire()
    with sync_client(mock, wire) as client:
        first = client.model_versions.with_raw_response.get(ARCH, 1)
        second = client.model_versions.with_raw_response.get(ARCH, 1)
    assert [first.request_id, second.request_id] == wire.ids
    assert first.request_id != second.request_id


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
def test_a_retried_call_reports_the_final_attempt(mock: MockServer, use_async: bool) -> None:
    mock.inject(Fault.status(503, retry_after="0"), method="GET")
    wire = Wire()
    if use_async:

        async def call(client: AsyncManagementClient) -> RawResponse[Any]:
            return await client.model_versions.with_raw_response.get(ARCH, 1)

        raw = run_async(mock, wire, call)
    else:
        with sync_client(mock, wire) as client:
            raw = client.model_versions.with_raw_response.get(ARCH, 1)
    assert raw.attempts == 2
    assert len(wire.ids) == 2
    assert raw.request_id == wire.ids[1] != wire.ids[0]
    assert raw.status_code == 200
    assert raw.parse().name == f"orgs/{mock.org_name}/models/{ARCH}/versions/1"


def _without_request_id(message: str) -> str:
    return re.sub(r"req_[0-9a-f]{32}", "req_X", message)


@pytest.mark.parametrize(
    ("setup", "call", "error_type"),
    [
        (None, lambda r: r.get(ARCH, 99), NotFoundError),
        (None, lambda r: r.get(ARCH, ".."), ValueError),
        (lambda m: m.inject(Fault.malformed_json(200)), lambda r: r.get(ARCH, 1), APIResponseValidationError),
        (
            lambda m: m.inject(Fault.empty(200)),
            lambda r: r.upload(ARCH, "s3://b/w/"),
            APIResponseValidationError,
        ),
    ],
    ids=["404", "invalid-id", "malformed-2xx", "empty-2xx-write"],
)
def test_errors_are_the_plain_calls(
    mock: MockServer, setup: Callable[[MockServer], None] | None, call: Callable[[Any], Any], error_type: type
) -> None:
    messages = []
    for raw in (False, True):
        mock.reset()
        mock.add_model_version(ARCH)
        if setup is not None:
            setup(mock)
        with sync_client(mock, Wire(), max_retries=0) as client:
            namespace = client.model_versions.with_raw_response if raw else client.model_versions
            with pytest.raises(error_type) as caught:
                call(namespace)
        assert type(caught.value) is error_type
        messages.append(_without_request_id(str(caught.value)))
        if error_type is ValueError:
            assert mock.requests == []  # refused before sending
    assert messages[0] == messages[1]


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
def test_delete_missing_ok_describes_the_delete(mock: MockServer, use_async: bool) -> None:
    wire = Wire()
    if use_async:

        async def call(client: AsyncManagementClient) -> RawResponse[Any]:
            return await client.model_versions.with_raw_response.delete(ARCH, 7, missing_ok=True)

        raw = run_async(mock, wire, call)
    else:
        with sync_client(mock, wire) as client:
            raw = client.model_versions.with_raw_response.delete(ARCH, 7, missing_ok=True)
    deleted = raw.parse()
    assert deleted.deleted is False
    assert [(r.method, r.operation_id) for r in mock.requests] == [
        ("DELETE", "deleteModelVersion"),
        ("GET", "listModelVersions"),  # the confirming listing: not what the raw response describes
    ]
    assert raw.status_code == 404
    assert raw.http_response.request.method == "DELETE"
    assert raw.request_id == wire.ids[0] == deleted.request_id
    assert raw.attempts == 1


def test_the_raw_response_holds_no_key(mock: MockServer) -> None:
    with sync_client(mock, Wire()) as client:
        raw = client.model_versions.with_raw_response.get(ARCH, 1)
    assert mock.api_key not in repr(raw)
    assert mock.api_key not in str(raw.http_response.request.headers)
    assert repr(raw).startswith("<RawResponse [200 OK] GET http://127.0.0.1:")


def test_raw_methods_keep_the_plain_signature_and_docs(mock: MockServer) -> None:
    import inspect

    with sync_client(mock, Wire()) as client:
        raw_get = client.model_versions.with_raw_response.get
        assert raw_get.__doc__ == client.model_versions.get.__doc__
        assert inspect.signature(raw_get) == inspect.signature(client.model_versions.get)
        assert not hasattr(client.model_versions.with_raw_response, "wait")
        assert not hasattr(client.model_versions.with_raw_response, "delete_many")
