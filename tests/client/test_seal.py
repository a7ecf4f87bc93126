"""The seal (`_seal`): while one is in force, a client reaches only the servers it allows.

The pytest plugin sets it for a test that uses `management_mock` (tests/mock/test_sealed_project.py
runs that as a user's project does); these tests pin the rule itself, in this process.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import anyio
import pytest
from cerebras_management import AsyncManagementClient, ManagementClient, ManagementError, _seal
from cerebras_management._seal import ALLOWED_SERVERS_ENV, Origin, Seal, origin_of
from cerebras_management.testing import MockServer
from raw_server import raw_server

BODY = b'{"model_architectures": []}'
OK = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n%s" % (len(BODY), BODY)


@pytest.fixture
def put_in_force() -> Iterator[Callable[[Seal], None]]:
    """``put_in_force(seal)`` makes ``seal`` the one in force until the test ends."""
    previous = _seal.active

    def install(seal: Seal) -> None:
        _seal.active = seal

    yield install
    _seal.active = previous


def test_nothing_is_sealed_by_default() -> None:
    assert _seal.active is None  # the suite's environment has no ALLOWED_SERVERS_ENV


@pytest.mark.parametrize(
    ("url", "origin", "shown"),
    [
        ("https://api.cerebras.ai", Origin("https", "api.cerebras.ai", 443), "https://api.cerebras.ai"),
        (
            "https://API.Cerebras.ai:443/x/",
            Origin("https", "api.cerebras.ai", 443),
            "https://api.cerebras.ai",
        ),
        ("http://127.0.0.1:8765", Origin("http", "127.0.0.1", 8765), "http://127.0.0.1:8765"),
        ("http://localhost", Origin("http", "localhost", 80), "http://localhost"),
        ("https://example.com:80", Origin("https", "example.com", 80), "https://example.com:80"),
        ("http://[::1]:9000", Origin("http", "::1", 9000), "http://[::1]:9000"),
    ],
)
def test_an_origin_is_scheme_host_and_port(url: str, origin: Origin, shown: str) -> None:
    assert origin_of(url) == origin
    assert str(origin) == shown


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("http://[::1", "'http://[::1' is not a URL: Invalid port: ':1'"),
        ("api.cerebras.ai", "'api.cerebras.ai' is not an absolute http:// or https:// URL"),
        ("ftp://host", "'ftp://host' is not an absolute http:// or https:// URL"),
        ("http://", "'http://' is not an absolute http:// or https:// URL"),
    ],
)
def test_what_is_not_an_origin_is_refused_naming_it(url: str, error: str) -> None:
    with pytest.raises(ValueError, match="is not") as info:
        origin_of(url)
    assert str(info.value) == error


def test_a_seal_allows_its_origins_and_refuses_any_other_port_scheme_or_host() -> None:
    seal = Seal(["http://127.0.0.1:8000/management"], where="the mock at X", how_to_allow="Allow {origin}.")
    seal.check("http://127.0.0.1:8000")
    seal.check("http://127.0.0.1:8000/other/prefix")
    for other in ("http://127.0.0.1:8001", "https://127.0.0.1:8000", "http://localhost:8000"):
        with pytest.raises(ManagementError) as info:
            seal.check(other)
        assert str(info.value) == (
            f"Refusing to send a request to {origin_of(other)}: clients may talk only to the mock at X "
            f"here, so nothing was sent. Allow {origin_of(other)}."
        )


def test_a_seal_parses_each_base_url_once() -> None:
    seal = Seal(["http://127.0.0.1:8000"], where="the mock at X", how_to_allow="Allow {origin}.")
    seal.check("http://127.0.0.1:8000/management")
    with pytest.raises(ManagementError):
        seal.check("http://127.0.0.1:8001")
    assert seal.origins == {
        "http://127.0.0.1:8000/management": Origin("http", "127.0.0.1", 8000),
        "http://127.0.0.1:8001": Origin("http", "127.0.0.1", 8001),
    }
    seal.origins["http://127.0.0.1:8001"] = Origin("http", "127.0.0.1", 8000)  # the parsed one is used
    seal.check("http://127.0.0.1:8001")


def test_the_environment_seal_names_the_variable_and_fails_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ALLOWED_SERVERS_ENV, " http://127.0.0.1:5000   https://staging.example.com ")
    seal = _seal._from_environment()
    assert seal is not None
    seal.check("https://staging.example.com:443")
    with pytest.raises(ManagementError) as info:
        seal.check("https://api.cerebras.ai")
    assert str(info.value) == (
        "Refusing to send a request to https://api.cerebras.ai: clients may talk only to the servers in "
        "CEREBRAS_MANAGEMENT_ALLOWED_SERVERS (http://127.0.0.1:5000 https://staging.example.com) here, so "
        "nothing was sent. The pytest plugin sets that variable for a test that uses management_mock; "
        "@pytest.mark.management_mock(allow_servers=['https://api.cerebras.ai']) on the test allows this "
        "server."
    )
    monkeypatch.setenv(ALLOWED_SERVERS_ENV, "http://127.0.0.1:5000 not-a-url")
    broken = _seal._from_environment()
    assert broken is not None
    with pytest.raises(ManagementError) as info:
        broken.check("http://127.0.0.1:5000")  # fails closed: not even the valid entry
    assert str(info.value) == (
        "Refusing to send a request to http://127.0.0.1:5000: clients may talk only to the servers in "
        "CEREBRAS_MANAGEMENT_ALLOWED_SERVERS (http://127.0.0.1:5000 not-a-url) here, so nothing was sent. "
        "CEREBRAS_MANAGEMENT_ALLOWED_SERVERS is not valid: 'not-a-url' is not an absolute http:// or "
        "https:// URL."
    )
    monkeypatch.setenv(ALLOWED_SERVERS_ENV, "  ")
    empty = _seal._from_environment()
    assert empty is not None
    with pytest.raises(ManagementError, match=r"in CEREBRAS_MANAGEMENT_ALLOWED_SERVERS \(none\) here"):
        empty.check("http://127.0.0.1:5000")
    monkeypatch.delenv(ALLOWED_SERVERS_ENV)
    assert _seal._from_environment() is None


def test_a_running_mock_is_allowed_until_it_stops() -> None:
    seal = Seal([], where="nothing", how_to_allow="")
    server = MockServer().start()
    url = server.url
    try:
        seal.check(url)
    finally:
        server.stop()
    with pytest.raises(ManagementError, match=f"^Refusing to send a request to {re.escape(url)}: "):
        seal.check(url)


def test_a_sealed_client_sends_nothing_to_another_server(
    put_in_force: Callable[[Seal], None], server: MockServer
) -> None:
    heads: list[bytes] = []
    with raw_server(OK, received=heads) as elsewhere:
        refused = f"^Refusing to send a request to {elsewhere}: clients may talk only to the mock here"
        with ManagementClient(api_key="k", org_name="o", base_url=elsewhere) as client:
            assert client.models.list() == []  # before the seal: sent
            assert len(heads) == 1
            put_in_force(Seal([server.url], where="the mock", how_to_allow=""))
            with pytest.raises(ManagementError, match=refused):
                client.models.list()
            with pytest.raises(ManagementError, match=refused):
                client.with_options(max_retries=0).model_versions.get("a", 1)
            with pytest.raises(ManagementError, match=refused):
                client.model_versions.with_raw_response.list("a")

        async def call_async() -> None:
            async with AsyncManagementClient(api_key="k", org_name="o", base_url=elsewhere) as client:
                with pytest.raises(ManagementError, match=refused):
                    await client.endpoints.get("e")

        anyio.run(call_async)
    assert len(heads) == 1  # only the call before the seal reached that server
    with ManagementClient(api_key=server.api_key, org_name="my-org", base_url=server.url) as mock:
        assert mock.models.list() == ["gpt-oss-120b", "llama3.1-8b"]  # the allowed server is reached
