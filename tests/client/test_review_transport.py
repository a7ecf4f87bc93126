"""Regression tests for issue 11 (an outside review): deadlines, proxies, redirects, base URLs,
Retry-After, and configuration limits.

Each test drives a real loopback server (the mock, or a raw socket server for what the mock cannot
send) and failed on the code before its fix.
"""

from __future__ import annotations

import asyncio
import datetime
import logging
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from cerebras_management import (
    APIStatusError,
    APITimeoutError,
    AsyncManagementClient,
    AuthenticationError,
    ManagementClient,
)
from cerebras_management.testing import Fault, MockServer
from raw_server import http_reply, raw_server

ARCH = "gpt-oss-120b"
KEY = "sk-mgmt-0123456789abcdef"
OK = http_reply("HTTP/1.1 200 OK", b'{"message": "gone"}', "Content-Type: application/json")


# --- item 4: the sync attempt deadline while headers arrive --------------------------------------

#: 20 header lines, one every 0.4 s: each arrives within the read timeout, the whole takes 8 s.
SLOW_HEADERS = http_reply(
    "HTTP/1.1 200 OK", b"{}", "Content-Type: application/json", *[f"X-Slow-{n}: {n}" for n in range(18)]
)


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_trickled_headers_cannot_outlast_the_timeout(kind: str) -> None:
    with raw_server(SLOW_HEADERS, header_trickle_seconds=0.4) as url:
        started = time.monotonic()
        if kind == "sync":
            with (
                ManagementClient(api_key=KEY, org_name="o", base_url=url, timeout=1, max_retries=0) as client,
                pytest.raises(APITimeoutError, match="overall timeout of 1 s"),
            ):
                client.model_versions.delete(ARCH, 1)
        else:

            async def main() -> None:
                async with AsyncManagementClient(
                    api_key=KEY, org_name="o", base_url=url, timeout=1, max_retries=0
                ) as client:
                    await client.model_versions.delete(ARCH, 1)

            with pytest.raises(APITimeoutError, match="overall timeout of 1 s"):
                asyncio.run(main())
        elapsed = time.monotonic() - started
    assert elapsed < 5, f"the server takes 8 s; the attempt must end near its 1 s deadline ({elapsed:.1f})"


def test_trickled_headers_through_a_callers_http_client_are_bounded_too() -> None:
    with (
        raw_server(SLOW_HEADERS, header_trickle_seconds=0.4) as url,
        httpx.Client() as http,
        ManagementClient(api_key=KEY, org_name="o", base_url=url, http_client=http, max_retries=0) as client,
    ):
        started = time.monotonic()
        with pytest.raises(APITimeoutError, match="overall timeout of 1 s"):
            client.model_versions.delete(ARCH, 1, timeout=1)
        assert time.monotonic() - started < 5


# --- item 6: a plain-http proxy from the environment ---------------------------------------------


#: A proxy the library must take for a remote host: a name, not loopback, that only these tests
#: resolve (to 127.0.0.1, see `proxy_name`). No traffic leaves loopback (the machines this suite runs
#: on allow nothing else, the machine's own outgoing address included).
PROXY_NAME = "proxy.invalid"


@pytest.fixture
def proxy_name(monkeypatch: pytest.MonkeyPatch) -> str:
    """`PROXY_NAME`, resolved to 127.0.0.1 for this test alone (``socket.getaddrinfo``, which httpcore
    connects through); every other name resolves as usual."""
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        return real("127.0.0.1" if host == PROXY_NAME else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return PROXY_NAME


@pytest.fixture
def clean_proxy_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    return monkeypatch


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "ALL_PROXY", "http_proxy"])
def test_plain_http_proxy_from_the_environment_is_refused(
    mock_server: MockServer, clean_proxy_env: pytest.MonkeyPatch, proxy_name: str, variable: str
) -> None:
    received: list[bytes] = []
    with raw_server(OK, received=received) as loopback_url:
        proxy = loopback_url.replace("127.0.0.1", proxy_name)
        clean_proxy_env.setenv(variable, proxy)
        with (
            pytest.raises(ValueError, match="proxy") as raised,
            ManagementClient(api_key=KEY, org_name="o", base_url=mock_server.url) as client,
        ):
            client.model_versions.delete(ARCH, 1)
        assert "allow_insecure_http=True" in str(raised.value)
        with pytest.raises(ValueError, match="proxy"), httpx.Client() as http:
            ManagementClient(api_key=KEY, org_name="o", base_url=mock_server.url, http_client=http)
        assert received == [], "the key must not have reached the proxy"

        # Opting in sends through the proxy, as asked.
        with ManagementClient(
            api_key=KEY, org_name="o", base_url=mock_server.url, allow_insecure_http=True
        ) as client:
            assert client.model_versions.delete(ARCH, 1).message == "gone"
        assert len(received) == 1
        assert f"Bearer {KEY}".encode() in received[0]


def test_loopback_proxy_and_https_base_url_are_allowed(
    mock_server: MockServer, clean_proxy_env: pytest.MonkeyPatch
) -> None:
    received: list[bytes] = []
    with raw_server(OK, received=received) as proxy:
        clean_proxy_env.setenv("HTTP_PROXY", proxy)
        with ManagementClient(api_key=KEY, org_name="o", base_url=mock_server.url) as client:
            assert client.model_versions.delete(ARCH, 1).message == "gone"
        assert len(received) == 1
    clean_proxy_env.setenv("HTTP_PROXY", f"http://{PROXY_NAME}:3128")  # remote, plain http: never used
    ManagementClient(api_key=KEY, base_url="https://api.cerebras.ai").close()  # the key travels in TLS


# --- item 7: "?" or "#" in the base URL ------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["/?", "/#", "?", "#", "/?a=1", "/#frag", "/v1?#"])
def test_base_url_with_a_query_or_fragment_marker_is_refused(mock_server: MockServer, suffix: str) -> None:
    with (
        pytest.raises(ValueError, match="query or fragment"),
        ManagementClient(api_key=KEY, org_name="o", base_url=mock_server.url + suffix) as client,
    ):
        client.model_versions.delete(ARCH, 1, missing_ok=True)
    assert mock_server.requests == []


@pytest.mark.parametrize(
    "base_url",
    ["https://user:hunter2@api.example.com/?", "https://user:hunter2@api.example.com:99999/", "ftp://u:hunter2@h/",
     "https://api.example.com/?api_key=hunter2"],
)  # fmt: skip
def test_a_refused_base_url_never_echoes_its_credentials(base_url: str) -> None:
    """User info and a query may carry a credential: the error shows neither (it reaches CI logs)."""
    with pytest.raises(ValueError, match="base_url") as raised:
        ManagementClient(api_key=KEY, org_name="o", base_url=base_url)
    assert "hunter2" not in str(raised.value)


# --- item 10: Retry-After dates and non-positive values --------------------------------------------


@pytest.fixture
def pacific_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process's local time zone is UTC-8 (POSIX TZ string: no tz database needed)."""
    monkeypatch.setenv("TZ", "PST8")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("pacific_time")
@pytest.mark.parametrize(
    "form", ["%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"]
)
def test_retry_after_http_dates_are_gmt_in_every_form(mock_server: MockServer, form: str) -> None:
    version = mock_server.add_model_version(ARCH)
    soon = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=1)
    mock_server.inject(Fault.status(503, retry_after=soon.strftime(form)))
    with ManagementClient(api_key=mock_server.api_key, org_name="my-org", base_url=mock_server.url) as client:
        assert client.model_versions.delete(ARCH, version).deleted is True
    assert len(mock_server.requests) == 2


def _waits(caplog: pytest.LogCaptureFixture) -> list[float]:
    found = [re.search(r"retrying in ([0-9.]+) s", record.getMessage()) for record in caplog.records]
    return [float(match.group(1)) for match in found if match]


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("retry_after", "0"),
        ("retry_after", "-3"),
        ("retry_after", "Sun, 06 Nov 1994 08:49:37 GMT"),
        ("retry_after_ms", "0"),
    ],
)
def test_retry_after_zero_negative_or_past_falls_back_to_backoff(
    mock_server: MockServer, caplog: pytest.LogCaptureFixture, header: str, value: str
) -> None:
    caplog.set_level(logging.DEBUG, logger="cerebras_management")
    version = mock_server.add_model_version(ARCH)
    mock_server.inject(Fault.status(503, **{header: value}))
    with ManagementClient(api_key=mock_server.api_key, org_name="my-org", base_url=mock_server.url) as client:
        assert client.model_versions.delete(ARCH, version).deleted is True
    assert len(mock_server.requests) == 2
    [wait] = _waits(caplog)
    assert wait >= 0.375, "the normal backoff (0.5 s less up to 25% jitter), not an immediate retry"


# --- item 11: redirects ------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "kind"), [(302, "sync"), (303, "sync"), (307, "sync"), (302, "async")])
def test_redirects_are_not_followed_even_when_the_http_client_would(status: int, kind: str) -> None:
    elsewhere: list[bytes] = []
    with raw_server(OK, received=elsewhere) as target:
        location = f"{target}/landing?token={KEY}"
        reply = http_reply(f"HTTP/1.1 {status} Moved", b"", f"Location: {location}")
        with raw_server(reply) as url:
            if kind == "sync":
                with (
                    httpx.Client(follow_redirects=True) as http,
                    ManagementClient(api_key=KEY, org_name="o", base_url=url, http_client=http) as client,
                    pytest.raises(APIStatusError) as raised,
                ):
                    client.model_versions.delete(ARCH, 1)
            else:

                async def main() -> None:
                    async with (
                        httpx.AsyncClient(follow_redirects=True) as http,
                        AsyncManagementClient(api_key=KEY, org_name="o", base_url=url, http_client=http) as c,
                    ):
                        await c.model_versions.delete(ARCH, 1)

                with pytest.raises(APIStatusError) as raised:
                    asyncio.run(main())
    error = raised.value
    assert error.status_code == status
    assert f"{target}/landing?token=[REDACTED]" in str(error)
    assert KEY not in str(error)
    assert elsewhere == [], "nothing was sent to the redirect's target"


# --- item 12: small ones -------------------------------------------------------------------------------


def test_scrubbed_response_keeps_elapsed(mock_server: MockServer) -> None:
    mock_server.inject(Fault.echo_authorization(401))
    with (
        ManagementClient(api_key=mock_server.api_key, org_name="my-org", base_url=mock_server.url) as client,
        pytest.raises(AuthenticationError) as raised,
    ):
        client.model_versions.delete(ARCH, 1)
    assert "[REDACTED]" in raised.value.response.text, "the response was scrubbed"
    assert isinstance(raised.value.response.elapsed, datetime.timedelta)


#: ``python -m cerebras_management.testing`` with a bind to all interfaces turned into a bind to
#: 127.0.0.1: what it prints for ``--host 0.0.0.0`` is checked without listening on the machine's
#: other addresses.
_LOOPBACK_ONLY = """
import runpy, socket
bind = socket.socket.bind
def loopback_bind(self, address):
    if isinstance(address, tuple) and address[0] in ("0.0.0.0", ""):
        address = ("127.0.0.1", *address[1:])
    return bind(self, address)
socket.socket.bind = loopback_bind
runpy.run_module("cerebras_management.testing", run_name="__main__", alter_sys=True)
"""


def test_mock_on_all_interfaces_prints_a_loopback_url() -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", _LOOPBACK_ONLY, "--host", "0.0.0.0", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        settings = dict(process.stdout.readline().strip().split("=", 1) for _ in range(3))
        url = settings["CEREBRAS_MANAGEMENT_BASE_URL"]
        assert url.startswith("http://127.0.0.1:")
        with ManagementClient(
            api_key=settings["CEREBRAS_MANAGEMENT_API_KEY"], org_name="my-org", base_url=url
        ) as client:
            assert client.model_versions.delete(ARCH, 1, missing_ok=True).deleted is False
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize("max_retries", [101, 1025, 10**9])
def test_max_retries_has_an_upper_bound(mock_server: MockServer, max_retries: int) -> None:
    with pytest.raises(ValueError, match="max_retries must be at most 100"):
        ManagementClient(api_key=KEY, base_url=mock_server.url, max_retries=max_retries)
    with (
        ManagementClient(api_key=KEY, base_url=mock_server.url) as client,
        pytest.raises(ValueError, match="max_retries must be at most 100"),
    ):
        client.with_options(max_retries=max_retries)


@pytest.mark.parametrize("timeout", [10**400, 1e12, httpx.Timeout(1e12)])
def test_huge_timeouts_are_a_clear_error(mock_server: MockServer, timeout: object) -> None:
    with pytest.raises(ValueError, match="timeout must be at most"):
        ManagementClient(api_key=KEY, base_url=mock_server.url, timeout=timeout)  # type: ignore[arg-type]
    with (
        ManagementClient(api_key=mock_server.api_key, org_name="my-org", base_url=mock_server.url) as client,
        pytest.raises(ValueError, match="timeout must be at most"),
    ):
        client.model_versions.delete(ARCH, 1, missing_ok=True, timeout=timeout)  # type: ignore[arg-type]
    assert mock_server.requests == []
