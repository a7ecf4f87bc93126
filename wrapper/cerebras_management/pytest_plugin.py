"""pytest fixtures for testing code that uses the client, against the project's spec-driven mock.

Installed with the `mock` extra (`pip install 'cerebras-management[mock]'`) and loaded by pytest
through its `pytest11` entry point: there is nothing to import or configure. In a test file:

```python
import pytest
from cerebras_management import AsyncManagementClient, ManagementClient
from cerebras_management.testing import MockServer


def test_upload(management_client: ManagementClient, management_mock: MockServer) -> None:
    management_client.model_versions.upload("gpt-oss-120b", "s3://bucket/weights/")
    request = management_mock.requests[-1]
    assert request.path == "/management/v1/orgs/my-org/models:upload"


def test_code_that_builds_its_own_client(management_mock: MockServer) -> None:
    with ManagementClient() as client:  # the environment points at the mock during this test
        assert client.models.list() == ["gpt-oss-120b", "llama3.1-8b"]


@pytest.mark.management_mock(model_architectures=["my-arch"], sync_after_reads=3)
def test_with_its_own_server(management_client: ManagementClient) -> None:
    assert management_client.models.list() == ["my-arch"]


@pytest.mark.anyio
async def test_async(async_management_client: AsyncManagementClient) -> None:
    assert await async_management_client.models.list() == ["gpt-oss-120b", "llama3.1-8b"]
```

A test that uses `management_mock` (directly or through either client fixture) is *sealed*:

- the client's environment variables (`CEREBRAS_MANAGEMENT_API_KEY`, `CEREBRAS_ORG_NAME`,
  `CEREBRAS_MANAGEMENT_BASE_URL`) are set to the mock's for the test and restored after it, so
  `ManagementClient()` and `AsyncManagementClient()` with no arguments, the command line run in-process
  (click's `CliRunner`) and a subprocess given the test's environment all reach the mock, and your own
  values of them are never read; the mock's host is added to `NO_PROXY`;
- a client of this library aimed at any other server (scheme, host and port) raises `ManagementError`
  before sending anything, naming the server and how to allow it:
  `@pytest.mark.management_mock(allow_servers=["https://staging.example.com"])`. Every `MockServer`
  the process runs is allowed too. `CEREBRAS_MANAGEMENT_ALLOWED_SERVERS` carries the same rule to
  subprocesses.

Without the `mock` extra, pytest still starts; a test that asks for `management_mock` fails with an
ImportError that names the extra to install.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from . import _seal
from ._constants import API_KEY_ENV, BASE_URL_ENV, ORG_NAME_ENV

if TYPE_CHECKING:
    from cerebras_management import AsyncManagementClient, ManagementClient
    from cerebras_management.testing import MockServer

__all__ = [
    "async_management_client",
    "management_client",
    "management_mock",
    "management_mock_options",
]

MARKER = "management_mock"
#: The marker's one argument that is not a `MockServer` option: more servers a sealed test may reach.
ALLOW = "allow_servers"
_PROXY_EXCEPTIONS = ("NO_PROXY", "no_proxy")


def pytest_configure(config: pytest.Config) -> None:
    """Register the `management_mock` marker (so `--strict-markers` accepts it)."""
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**options, {ALLOW}=[]): give this test its own "
        f"cerebras_management.testing.MockServer(**options) as the management_mock fixture; "
        f"{ALLOW}: URLs of other servers its clients may reach",
    )


@pytest.fixture(scope="session")
def management_mock_options() -> dict[str, Any]:
    """Keyword options for the session's shared `MockServer` (none: its defaults). Override to change."""
    return {}


@pytest.fixture(scope="session")
def _management_mock_shared(management_mock_options: dict[str, Any]) -> Iterator[MockServer]:
    from cerebras_management.testing import MockServer

    with MockServer(**management_mock_options) as server:
        yield server


@pytest.fixture
def management_mock(request: pytest.FixtureRequest) -> Iterator[MockServer]:
    """A running mock server: the session's, reset before this test, or the test's own when marked.

    The test is sealed while it runs (see the module): the client's environment variables point at
    this server, and a client aimed at any other server fails before sending.
    """
    marker = request.node.get_closest_marker(MARKER)
    options = dict(marker.kwargs) if marker is not None else {}
    allowed = _allowed_servers(options.pop(ALLOW, []))
    if marker is not None and marker.args:
        pytest.fail(
            f"@pytest.mark.{MARKER} takes MockServer options by keyword only, "
            f"e.g. @pytest.mark.{MARKER}(sync_after_reads=3); got positional {marker.args!r}",
            pytrace=False,
        )
    if marker is None or (not options and marker.kwargs):  # no server option: the shared server
        shared: MockServer = request.getfixturevalue("_management_mock_shared")
        shared.reset()
        yield from _sealed(shared, allowed)
        return
    from cerebras_management.testing import MockServer

    with MockServer(**options) as server:
        yield from _sealed(server, allowed)


def _allowed_servers(value: Any) -> list[str]:
    """The marker's `allow_servers`, checked: a list of absolute http(s) URLs."""
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        pytest.fail(
            f"@pytest.mark.{MARKER}({ALLOW}=...) takes a list of URLs, e.g. "
            f"{ALLOW}=['https://staging.example.com']; got {value!r}",
            pytrace=False,
        )
    for url in value:
        try:
            _seal.origin_of(url)
        except ValueError as error:
            pytest.fail(f"@pytest.mark.{MARKER}({ALLOW}=...): {error}", pytrace=False)
    return [str(url) for url in value]


def _sealed(server: MockServer, allowed: list[str]) -> Iterator[MockServer]:
    """Yield ``server`` with the test sealed to it (environment and `_seal.active`), then restore."""
    where = f"the mock at {server.url}" + "".join(f", {url}" for url in allowed)
    how = f"To let this test reach it, mark the test @pytest.mark.{MARKER}({ALLOW}=['{{origin}}'])."
    seal = _seal.Seal([server.url, *allowed], where=where, how_to_allow=how)
    host = _seal.origin_of(server.url).host
    previous = _seal.active
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv(API_KEY_ENV, server.api_key)
        environment.setenv(ORG_NAME_ENV, server.org_name)
        environment.setenv(BASE_URL_ENV, server.url)
        environment.setenv(_seal.ALLOWED_SERVERS_ENV, " ".join([server.url, *allowed]))
        for name in _PROXY_EXCEPTIONS:
            current = os.environ.get(name, "").strip().strip(",")
            environment.setenv(name, f"{current},{host}" if current else host)
        _seal.active = seal
        try:
            yield server
        finally:
            _seal.active = previous


@pytest.fixture
def management_client(management_mock: MockServer) -> Iterator[ManagementClient]:
    """A `ManagementClient` for `management_mock` (its URL, key and org name), closed after the test.

    It talks to the mock directly, whatever proxy variables (`HTTP_PROXY`, `ALL_PROXY`, ...) say: the
    seal puts the mock's host in `NO_PROXY` for the test, as for any client the test makes.
    """
    from cerebras_management import ManagementClient

    with ManagementClient(
        api_key=management_mock.api_key,
        org_name=management_mock.org_name,
        base_url=management_mock.url,
    ) as client:
        yield client


@pytest.fixture
async def async_management_client(management_mock: MockServer) -> AsyncIterator[AsyncManagementClient]:
    """An `AsyncManagementClient` for `management_mock`, closed after the test (needs an async runner).

    Like `management_client`, it talks to the mock directly whatever the proxy variables say.
    """
    from cerebras_management import AsyncManagementClient

    async with AsyncManagementClient(
        api_key=management_mock.api_key,
        org_name=management_mock.org_name,
        base_url=management_mock.url,
    ) as client:
        yield client
