"""Regression tests for hostile or odd inputs and servers (found in review): each crossed a boundary
the policies in DESIGN.md forbid (a leaked key, another path, a bare exception, no time limit)."""

from __future__ import annotations

import asyncio
import enum
import gzip
import pickle
import time

import pytest
from cerebras_management import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AsyncManagementClient,
    AuthenticationError,
    ManagementClient,
    NotFoundError,
    RateLimitError,
)
from cerebras_management.testing import Fault, MockServer
from raw_server import http_reply, raw_server

ARCH = "gpt-oss-120b"
KEY = "sk-mgmt-0123456789abcdef"


# --- the key echoed outside an error body -------------------------------------------------------


def test_key_echoed_in_headers_and_2xx_body_is_scrubbed(
    mock_server: MockServer, every_log_record: list[str]
) -> None:
    key = mock_server.api_key
    body = f'{{"name": "orgs/x/{key}", "message": "deleted by Bearer {key}"}}'.encode()
    mock_server.inject(
        Fault("body", code=200, headers=(("x-request-id", key), ("x-echo", key)), payload=body)
    )
    with ManagementClient(api_key=key, org_name="my-org", base_url=mock_server.url) as client:
        result = client.model_versions.delete(ARCH, 1)
    assert key not in repr(result)
    assert result.message == "deleted by Bearer [REDACTED]"
    assert result.request_id is not None
    assert result.request_id.endswith(", [REDACTED]")  # the mock's id, then the echoed one
    assert mock_server.requests[0].api_key == key
    assert [m for m in every_log_record if key in m] == []
    assert any("x-echo" in m for m in every_log_record), "httpcore's header record was captured"


def test_key_echoed_in_the_reason_phrase_is_scrubbed(every_log_record: list[str]) -> None:
    reply = http_reply(f"HTTP/1.1 401 bad key {KEY}", b'{"detail": "no"}', "Content-Type: application/json")
    with (
        raw_server(reply) as url,
        ManagementClient(api_key=KEY, org_name="o", base_url=url) as client,
        pytest.raises(AuthenticationError) as raised,
    ):
        client.model_versions.delete(ARCH, 1)
    error = raised.value
    texts = [str(error), repr(error), repr(error.response), error.response.reason_phrase, *every_log_record]
    assert [text for text in texts if KEY in text] == []
    assert "[REDACTED]" in error.response.reason_phrase


def test_errors_pickle_without_the_response_or_the_key(mock_server: MockServer) -> None:
    mock_server.inject(Fault.echo_authorization(401))
    with (
        ManagementClient(api_key=mock_server.api_key, org_name="my-org", base_url=mock_server.url) as client,
        pytest.raises(AuthenticationError) as raised,
    ):
        client.model_versions.delete(ARCH, 1)
    data = pickle.dumps(raised.value)
    assert mock_server.api_key.encode() not in data
    restored = pickle.loads(data)
    assert type(restored) is AuthenticationError
    assert str(restored) == str(raised.value)
    assert (restored.status_code, restored.detail, restored.attempts) == (401, raised.value.detail, 1)
    assert restored.response is None


# --- odd values for path parameters -------------------------------------------------------------


class _SneakyStr(str):
    def __str__(self) -> str:
        return ".."


class _SneakyInt(int):
    def __str__(self) -> str:
        return ".."

    __repr__ = __str__


class _Color(enum.IntEnum):
    RED = 7


class _Stage(enum.StrEnum):
    PROD = "prod"


class _IndexOnly:
    """What a numpy integer looks like to the client: it has __index__."""

    def __index__(self) -> int:
        return 5


@pytest.mark.parametrize(
    ("arch", "version", "expected"),
    [
        (_SneakyStr("arch"), 1, ("arch", "1")),
        ("arch", _SneakyInt(3), ("arch", "3")),
        ("arch", _SneakyStr("prod"), ("arch", "prod")),
        ("arch", _Color.RED, ("arch", "7")),
        ("arch", _Stage.PROD, ("arch", "prod")),
        ("arch", _IndexOnly(), ("arch", "5")),
    ],
)
def test_subclasses_and_integer_likes_send_their_own_value(
    client: ManagementClient, mock_server: MockServer, arch: str, version: object, expected: tuple[str, str]
) -> None:
    with pytest.raises(NotFoundError):
        client.model_versions.delete(arch, version)  # type: ignore[arg-type]
    [request] = mock_server.requests
    assert request.operation_id == "deleteModelVersion"
    assert (request.path_params["model_arch_id"], request.path_params["version_id"]) == expected


def test_a_huge_parameter_is_a_value_error_before_sending(
    client: ManagementClient, mock_server: MockServer
) -> None:
    with pytest.raises(ValueError, match="path parameters"):
        client.model_versions.delete("a" * 100_000, 1)
    assert mock_server.requests == []


# --- odd answers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("header", ["retry_after", "retry_after_ms"])
def test_nan_retry_after_falls_back_to_backoff(
    client: ManagementClient, mock_server: MockServer, header: str
) -> None:
    version = mock_server.add_model_version(ARCH)
    mock_server.inject(Fault.status(503, **{header: "nan"}))
    assert client.model_versions.delete(ARCH, version).deleted is True
    assert len(mock_server.requests) == 2


def test_infinite_retry_after_is_beyond_the_cap(client: ManagementClient, mock_server: MockServer) -> None:
    mock_server.inject(Fault.status(429, retry_after="inf"))
    with pytest.raises(RateLimitError) as raised:
        client.model_versions.delete(ARCH, 1)
    assert raised.value.retry_after == float("inf")
    assert len(mock_server.requests) == 1


def test_deeply_nested_json_is_a_typed_error(client: ManagementClient, mock_server: MockServer) -> None:
    mock_server.inject(Fault.body(200, b"[" * 100_000 + b"]" * 100_000))
    with pytest.raises(APIResponseValidationError, match="RecursionError"):
        client.model_versions.delete(ARCH, 1)
    mock_server.inject(Fault.body(400, b'{"detail":' * 50_000 + b"1" + b"}" * 50_000))
    with pytest.raises(APIStatusError) as raised:
        client.model_versions.delete(ARCH, 1)
    assert raised.value.status_code == 400


def test_body_that_cannot_be_decoded_is_a_typed_error() -> None:
    reply = http_reply("HTTP/1.1 200 OK", b"not gzip at all", "Content-Encoding: gzip")
    with (
        raw_server(reply) as url,
        ManagementClient(api_key=KEY, org_name="o", base_url=url) as client,
        pytest.raises(APIConnectionError, match="DecodingError"),
    ):
        client.model_versions.delete(ARCH, 1)


def test_gzip_body_is_read() -> None:
    body = gzip.compress(b'{"message": "gone"}')
    reply = http_reply("HTTP/1.1 200 OK", body, "Content-Encoding: gzip", "Content-Type: application/json")
    with raw_server(reply) as url, ManagementClient(api_key=KEY, org_name="o", base_url=url) as client:
        assert client.model_versions.delete(ARCH, 1).message == "gone"


# --- the attempt's overall deadline ------------------------------------------------------------


TRICKLE = http_reply(
    "HTTP/1.1 200 OK", b'{"message": "' + b"x" * 40 + b'"}', "Content-Type: application/json"
)


def test_trickling_body_cannot_outlast_the_timeout() -> None:
    with (
        raw_server(TRICKLE, trickle_seconds=0.1) as url,
        ManagementClient(api_key=KEY, org_name="o", base_url=url, timeout=1, max_retries=0) as client,
    ):
        started = time.monotonic()
        with pytest.raises(APITimeoutError, match="overall timeout of 1 s"):
            client.model_versions.delete(ARCH, 1)
        elapsed = time.monotonic() - started
    assert elapsed < 3, (
        f"each byte came within the read timeout, yet the attempt must end near 1 s ({elapsed:.1f})"
    )


def test_trickling_body_cannot_outlast_the_timeout_async() -> None:
    async def main() -> None:
        async with AsyncManagementClient(
            api_key=KEY, org_name="o", base_url=url, timeout=1, max_retries=0
        ) as client:
            with pytest.raises(APITimeoutError, match="overall timeout of 1 s"):
                await client.model_versions.delete(ARCH, 1)

    with raw_server(TRICKLE, trickle_seconds=0.1) as url:
        started = time.monotonic()
        asyncio.run(main())
        elapsed = time.monotonic() - started
    assert elapsed < 3


# --- configuration ------------------------------------------------------------------------------


@pytest.mark.parametrize("timeout", [float("inf"), float("nan")])
def test_infinite_timeouts_are_refused(timeout: float) -> None:
    with pytest.raises(ValueError, match="finite"):
        ManagementClient(api_key=KEY, timeout=timeout)


def test_credentials_in_the_base_url_are_refused_without_echoing_them() -> None:
    with pytest.raises(ValueError, match="api_key") as raised:
        ManagementClient(api_key=KEY, base_url="https://user:hunter2@api.cerebras.ai")
    assert "hunter2" not in str(raised.value)


def test_subdomains_of_localhost_are_not_trusted_for_plain_http() -> None:
    with pytest.raises(ValueError, match="allow_insecure_http"):
        ManagementClient(api_key=KEY, base_url="http://evil.localhost:8000")


def test_not_found_still_reads_after_scrubbing(client: ManagementClient) -> None:
    with pytest.raises(NotFoundError) as raised:
        client.model_versions.delete(ARCH, 3)
    assert raised.value.detail
