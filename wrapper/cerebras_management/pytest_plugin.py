"""pytest fixtures for testing code that uses the client, against the project's spec-driven mock.

Installed with the ``mock`` extra (``pip install 'cerebras-management[mock]'``) and loaded by pytest
through its ``pytest11`` entry point: there is nothing to import or configure. In a test file::

    import pytest
    from cerebras_management import AsyncManagementClient, ManagementClient
    from cerebras_management.testing import Fault, MockServer


    def test_upload(management_client: ManagementClient, management_mock: MockServer) -> None:
        version = management_client.model_versions.upload("gpt-oss-120b", "s3://bucket/weights/")
        request = management_mock.requests[-1]
        assert request.method == "POST"
        assert request.path == "/management/v1/orgs/my-org/models:upload"
        assert request.json["model"]["weight_uri"] == "s3://bucket/weights/"
        assert management_mock.has_model_version("gpt-oss-120b", 1)


    @pytest.mark.management_mock(model_architectures=["my-arch"], sync_after_reads=3)
    def test_with_its_own_server(management_client: ManagementClient) -> None:
        assert management_client.models.list() == ["my-arch"]


    @pytest.mark.anyio
    async def test_async(async_management_client: AsyncManagementClient) -> None:
        assert await async_management_client.models.list() == ["gpt-oss-120b", "llama3.1-8b"]

Fixtures:

``management_mock``
    A running :class:`~cerebras_management.testing.MockServer` on a free loopback port. One server is
    shared by the whole session (per worker under pytest-xdist) and :meth:`~MockServer.reset` before
    each test: a fresh store, no pending faults, no recorded requests; its key, org name and URL stay
    the same. A test marked ``@pytest.mark.management_mock(**options)`` gets a server of its own, built
    as ``MockServer(**options)`` and stopped after the test. Override the session fixture
    ``management_mock_options`` (a dict of ``MockServer`` options) to change the shared server.
``management_client``
    A :class:`~cerebras_management.ManagementClient` bound to ``management_mock`` (its URL, key and org
    name), closed after the test.
``async_management_client``
    An :class:`~cerebras_management.AsyncManagementClient` likewise, for async tests. Async tests need
    an async test runner: the ``anyio`` plugin (installed with httpx) is enough, with tests marked
    ``@pytest.mark.anyio``; pytest-asyncio in ``asyncio_mode = "auto"`` works too.

Without the ``mock`` extra, pytest still starts; a test that asks for ``management_mock`` fails with an
ImportError that names the extra to install.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

import pytest

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


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``management_mock`` marker (so ``--strict-markers`` accepts it)."""
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**options): give this test its own cerebras_management.testing.MockServer(**options) "
        "as the management_mock fixture",
    )


@pytest.fixture(scope="session")
def management_mock_options() -> dict[str, Any]:
    """Keyword options for the session's shared ``MockServer`` (none: its defaults). Override to change."""
    return {}


@pytest.fixture(scope="session")
def _management_mock_shared(management_mock_options: dict[str, Any]) -> Iterator[MockServer]:
    from cerebras_management.testing import MockServer

    with MockServer(**management_mock_options) as server:
        yield server


@pytest.fixture
def management_mock(request: pytest.FixtureRequest) -> Iterator[MockServer]:
    """A running mock server: the session's, reset before this test, or the test's own when marked."""
    marker = request.node.get_closest_marker(MARKER)
    if marker is None:
        shared: MockServer = request.getfixturevalue("_management_mock_shared")
        shared.reset()
        yield shared
        return
    if marker.args:
        pytest.fail(
            f"@pytest.mark.{MARKER} takes MockServer options by keyword only, "
            f"e.g. @pytest.mark.{MARKER}(sync_after_reads=3); got positional {marker.args!r}",
            pytrace=False,
        )
    from cerebras_management.testing import MockServer

    with MockServer(**marker.kwargs) as server:
        yield server


@pytest.fixture
def management_client(management_mock: MockServer) -> Iterator[ManagementClient]:
    """A ``ManagementClient`` for ``management_mock`` (its URL, key and org name), closed after the test."""
    from cerebras_management import ManagementClient

    with ManagementClient(
        api_key=management_mock.api_key, org_name=management_mock.org_name, base_url=management_mock.url
    ) as client:
        yield client


@pytest.fixture
async def async_management_client(management_mock: MockServer) -> AsyncIterator[AsyncManagementClient]:
    """An ``AsyncManagementClient`` for ``management_mock``, closed after the test (needs an async runner)."""
    from cerebras_management import AsyncManagementClient

    async with AsyncManagementClient(
        api_key=management_mock.api_key, org_name=management_mock.org_name, base_url=management_mock.url
    ) as client:
        yield client
