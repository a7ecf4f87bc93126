"""Regression tests for issue 11 (an outside review), the items about the key and error bodies.

Each test drives a real loopback server (the mock, or a raw socket server for what the mock cannot
send) and failed on the code before its fix.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import sys
import threading
import traceback
from collections.abc import Iterator

import httpx
import pytest
from cerebras_management import (
    APIConnectionError,
    AsyncManagementClient,
    AuthenticationError,
    BadRequestError,
    ManagementClient,
    ManagementError,
)
from cerebras_management.testing import Fault, MockServer
from raw_server import http_reply, raw_server

ARCH = "gpt-oss-120b"
KEY = "sk-mgmt-0123456789abcdef"
OK = http_reply("HTTP/1.1 200 OK", b"{}", "Content-Type: application/json")


# --- item 1: two clients with one key ------------------------------------------------------------


def test_key_stays_redacted_after_another_client_with_it_is_collected(every_log_record: list[str]) -> None:
    reply = http_reply(f"HTTP/1.1 401 bad key {KEY}", b'{"detail": "no"}', "Content-Type: application/json")
    with raw_server(reply) as url:
        throwaway = ManagementClient(api_key=KEY, org_name="o", base_url=url)
        client = AsyncManagementClient(api_key=KEY, org_name="o", base_url=url, max_retries=0)
        throwaway.close()
        del throwaway
        gc.collect()

        async def main() -> None:
            async with client:
                with pytest.raises(AuthenticationError):
                    await client.model_versions.delete(ARCH, 1)

        asyncio.run(main())
    assert any("HTTP Request: DELETE" in message for message in every_log_record), "httpx's INFO line"
    assert [message for message in every_log_record if KEY in message] == []


# --- item 2: the log filter under threads --------------------------------------------------------

THREADS = 8
CALLS_PER_THREAD = 250  # 2,000 calls in all: before the fix, about 1 in 150 raised RuntimeError


@pytest.fixture
def busy_logging() -> Iterator[None]:
    """httpx's INFO records on, and threads switched as often as the interpreter allows."""
    httpx_logger = logging.getLogger("httpx")
    old_level, old_interval = httpx_logger.level, sys.getswitchinterval()
    httpx_logger.setLevel(logging.INFO)
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(old_interval)
    httpx_logger.setLevel(old_level)


@pytest.mark.usefixtures("busy_logging")
def test_log_filter_is_thread_safe_with_8_threads_creating_clients() -> None:
    errors: list[BaseException] = []
    calls = [0] * THREADS

    def work(thread: int, url: str, http: httpx.Client) -> None:
        for call in range(CALLS_PER_THREAD):
            # A new key per call: the filter's set of keys changes while other threads log.
            client = ManagementClient(
                api_key=f"sk-thread{thread}-{call}", org_name="o", base_url=url, http_client=http
            )
            try:
                client.model_versions.delete(ARCH, 1)
                calls[thread] += 1
            except BaseException as error:
                errors.append(error)

    with raw_server(OK) as url, httpx.Client() as http:
        threads = [threading.Thread(target=work, args=(index, url, http)) for index in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert [repr(error) for error in errors] == []
    assert sum(calls) == THREADS * CALLS_PER_THREAD


def test_log_filter_never_raises_on_a_record_it_cannot_format() -> None:
    client = ManagementClient(api_key=KEY, base_url="https://api.cerebras.ai")  # a live key: filter active
    try:
        logging.getLogger("httpx").warning("%s and %s", "only one argument")  # dropped, not raised
    finally:
        client.close()


# --- item 5: the key in a traceback through __cause__ --------------------------------------------


def _chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [error]
    while todo:
        current = todo.pop()
        if current is None or any(current is item for item in seen):
            continue
        seen.append(current)
        todo += [current.__cause__, current.__context__]
    return seen


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_key_echoed_in_a_malformed_header_is_not_in_the_traceback(kind: str) -> None:
    # h11 quotes the malformed line (key included) in its error message.
    reply = f"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nnot a header line Bearer {KEY}\r\n\r\n{{}}"
    with raw_server(reply.encode()) as url:
        if kind == "sync":
            with (
                ManagementClient(api_key=KEY, org_name="o", base_url=url, max_retries=0) as client,
                pytest.raises(APIConnectionError) as raised,
            ):
                client.model_versions.delete(ARCH, 1)
        else:

            async def main() -> None:
                async with AsyncManagementClient(
                    api_key=KEY, org_name="o", base_url=url, max_retries=0
                ) as client:
                    await client.model_versions.delete(ARCH, 1)

            with pytest.raises(APIConnectionError) as raised:
                asyncio.run(main())
    error = raised.value
    printed = "".join(traceback.format_exception(error))
    assert "RemoteProtocolError" in printed
    assert "[REDACTED]" in printed
    texts = [printed] + [f"{item!s} {item!r} {item.args!r}" for item in _chain(error)]
    assert [text for text in texts if KEY in text] == []


# --- item 8: deeply nested error bodies ----------------------------------------------------------


@pytest.mark.parametrize("depth", [600, 990])
def test_deeply_nested_error_body_is_a_typed_error(mock_server: MockServer, depth: int) -> None:
    body = b'{"detail": ' + b"[" * depth + b"]" * depth + b"}"
    mock_server.inject(Fault.body(400, body), times=2)
    with (
        ManagementClient(api_key=KEY, org_name="o", base_url=mock_server.url) as client,
        pytest.raises(BadRequestError) as raised,
    ):
        client.model_versions.delete(ARCH, 1)
    assert "nested" in str(raised.value)

    async def bulk() -> None:
        async with AsyncManagementClient(api_key=KEY, org_name="o", base_url=mock_server.url) as client:
            [outcome] = await client.model_versions.delete_many([(ARCH, 1)])
        assert isinstance(outcome.error, BadRequestError)

    asyncio.run(bulk())


# --- item 9: keys that escape scrubbing -----------------------------------------------------------


@pytest.mark.parametrize("key", ['sk-"quoted"', "sk\\back", "sk,comma", "sk=in=the=middle", "sk;x", "sk:x"])
def test_keys_outside_rfc_6750_token_characters_are_refused(mock_server: MockServer, key: str) -> None:
    with (
        pytest.raises(ManagementError, match="RFC 6750") as raised,
        ManagementClient(api_key=key, org_name="o", base_url=mock_server.url) as client,
    ):
        client.model_versions.delete(ARCH, 1, missing_ok=True)
    assert key not in str(raised.value)
    assert mock_server.requests == []


SLASHED_KEY = "sk/mgmt+0123456789/abc=="
#: How JSON encoders may write it: "\/" for "/", HTML-safe \u escapes for "+" and "=" (Gson, for one).
ESCAPED_FORMS = [
    SLASHED_KEY.replace("/", "\\/"),
    SLASHED_KEY.replace("/", "\\u002F").replace("=", "\\u003d"),
    SLASHED_KEY.replace("+", "\\u002b").replace("=", "\\u003D"),
]


@pytest.mark.parametrize("escaped", ESCAPED_FORMS)
def test_key_echoed_json_escaped_is_scrubbed(escaped: str, every_log_record: list[str]) -> None:
    ok_body = f'{{"message": "deleted with {escaped}"}}'.encode()
    with (
        raw_server(http_reply("HTTP/1.1 200 OK", ok_body, "Content-Type: application/json")) as url,
        ManagementClient(api_key=SLASHED_KEY, org_name="o", base_url=url) as client,
    ):
        result = client.model_versions.delete(ARCH, 1)
    assert result.message == "deleted with [REDACTED]"

    error_body = f'{{"detail": "bad key {escaped}", "key": "{escaped}"}}'.encode()
    reply = http_reply(f"HTTP/1.1 401 bad {escaped}", error_body, "Content-Type: application/json")
    with (
        raw_server(reply) as url,
        ManagementClient(api_key=SLASHED_KEY, org_name="o", base_url=url) as client,
        pytest.raises(AuthenticationError) as raised,
    ):
        client.model_versions.delete(ARCH, 1)
    error = raised.value
    decoded = json.dumps(error.response.json())
    texts = [str(error), repr(error.body), error.response.text, decoded, error.response.reason_phrase]
    texts += every_log_record
    assert [text for text in texts if SLASHED_KEY in text or escaped in text] == []
    assert error.body == {"detail": "bad key [REDACTED]", "key": "[REDACTED]"}
